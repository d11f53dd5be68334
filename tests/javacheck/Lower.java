// Lower prints what Java's String.toLowerCase(Locale.ROOT) makes of each line, for
// tests/username_diff.rs: Atlas, a Java service, compares usernames in that lower case.
// Input: one string a line, as its code points in hexadecimal separated by spaces (an
// empty line is the empty string). Output: one line each, "D" when Java's Unicode tables
// (Character.isDefined) define every code point, else "U", then the lower case's code
// points in hexadecimal.

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

public class Lower {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        PrintStream out = new PrintStream(System.out, false, "US-ASCII");
        String line;
        while ((line = in.readLine()) != null) {
            StringBuilder s = new StringBuilder();
            boolean defined = true;
            for (String hex : line.trim().isEmpty() ? new String[0] : line.trim().split(" ")) {
                int cp = Integer.parseInt(hex, 16);
                defined &= Character.isDefined(cp);
                s.appendCodePoint(cp);
            }
            StringBuilder o = new StringBuilder(defined ? "D" : "U");
            s.toString().toLowerCase(Locale.ROOT).codePoints().forEach(cp -> o.append(' ').append(Integer.toHexString(cp)));
            out.println(o);
        }
        out.flush();
    }
}
