// Package admin mirrors the Atlas SDK types the official CLI renders templates on
// (go.mongodb.org/atlas-sdk admin.CloudAppUser and friends, the release line the official
// CLI 1.58 builds with): the same fields in the same order, the trailing NullFields of
// every model struct, the same JSON tags, and the same GetX, GetXOk and HasX methods, so
// that templates calling them behave here as they do in the official CLI.
package admin

import "time"

// Link is a link to a resource.
type Link struct {
	Href *string `json:"href,omitempty"`
	Rel  *string `json:"rel,omitempty"`
	// NullFields names fields to send as an explicit JSON null; never decoded.
	NullFields []string `json:"-"`
}

func (o *Link) GetHref() string {
	if o == nil || o.Href == nil {
		var ret string
		return ret
	}
	return *o.Href
}

func (o *Link) GetHrefOk() (*string, bool) {
	if o == nil || o.Href == nil {
		return nil, false
	}
	return o.Href, true
}

func (o *Link) HasHref() bool { return o != nil && o.Href != nil }

func (o *Link) GetRel() string {
	if o == nil || o.Rel == nil {
		var ret string
		return ret
	}
	return *o.Rel
}

func (o *Link) GetRelOk() (*string, bool) {
	if o == nil || o.Rel == nil {
		return nil, false
	}
	return o.Rel, true
}

func (o *Link) HasRel() bool { return o != nil && o.Rel != nil }

// CloudAccessRoleAssignment is one role in an organization or a project.
type CloudAccessRoleAssignment struct {
	GroupId  *string `json:"groupId,omitempty"`
	OrgId    *string `json:"orgId,omitempty"`
	RoleName *string `json:"roleName,omitempty"`
	// NullFields names fields to send as an explicit JSON null; never decoded.
	NullFields []string `json:"-"`
}

func (o *CloudAccessRoleAssignment) GetGroupId() string {
	if o == nil || o.GroupId == nil {
		var ret string
		return ret
	}
	return *o.GroupId
}

func (o *CloudAccessRoleAssignment) GetGroupIdOk() (*string, bool) {
	if o == nil || o.GroupId == nil {
		return nil, false
	}
	return o.GroupId, true
}

func (o *CloudAccessRoleAssignment) HasGroupId() bool { return o != nil && o.GroupId != nil }

func (o *CloudAccessRoleAssignment) GetOrgId() string {
	if o == nil || o.OrgId == nil {
		var ret string
		return ret
	}
	return *o.OrgId
}

func (o *CloudAccessRoleAssignment) GetOrgIdOk() (*string, bool) {
	if o == nil || o.OrgId == nil {
		return nil, false
	}
	return o.OrgId, true
}

func (o *CloudAccessRoleAssignment) HasOrgId() bool { return o != nil && o.OrgId != nil }

func (o *CloudAccessRoleAssignment) GetRoleName() string {
	if o == nil || o.RoleName == nil {
		var ret string
		return ret
	}
	return *o.RoleName
}

func (o *CloudAccessRoleAssignment) GetRoleNameOk() (*string, bool) {
	if o == nil || o.RoleName == nil {
		return nil, false
	}
	return o.RoleName, true
}

func (o *CloudAccessRoleAssignment) HasRoleName() bool { return o != nil && o.RoleName != nil }

// CloudAppUser is the user createUser answers with.
type CloudAppUser struct {
	Country      string                      `json:"country"`
	CreatedAt    *time.Time                  `json:"createdAt,omitempty"`
	EmailAddress string                      `json:"emailAddress"`
	FirstName    string                      `json:"firstName"`
	Id           *string                     `json:"id,omitempty"`
	LastAuth     *time.Time                  `json:"lastAuth,omitempty"`
	LastName     string                      `json:"lastName"`
	Links        *[]Link                     `json:"links,omitempty"`
	MobileNumber string                      `json:"mobileNumber"`
	Password     string                      `json:"password"`
	Roles        []CloudAccessRoleAssignment `json:"roles"`
	TeamIds      *[]string                   `json:"teamIds,omitempty"`
	Username     string                      `json:"username"`
	// NullFields names fields to send as an explicit JSON null; never decoded.
	NullFields []string `json:"-"`
}

func (o *CloudAppUser) GetCountry() string {
	if o == nil {
		var ret string
		return ret
	}
	return o.Country
}

func (o *CloudAppUser) GetCountryOk() (*string, bool) {
	if o == nil {
		return nil, false
	}
	return &o.Country, true
}

func (o *CloudAppUser) GetCreatedAt() time.Time {
	if o == nil || o.CreatedAt == nil {
		var ret time.Time
		return ret
	}
	return *o.CreatedAt
}

func (o *CloudAppUser) GetCreatedAtOk() (*time.Time, bool) {
	if o == nil || o.CreatedAt == nil {
		return nil, false
	}
	return o.CreatedAt, true
}

func (o *CloudAppUser) HasCreatedAt() bool { return o != nil && o.CreatedAt != nil }

func (o *CloudAppUser) GetEmailAddress() string {
	if o == nil {
		var ret string
		return ret
	}
	return o.EmailAddress
}

func (o *CloudAppUser) GetEmailAddressOk() (*string, bool) {
	if o == nil {
		return nil, false
	}
	return &o.EmailAddress, true
}

func (o *CloudAppUser) GetFirstName() string {
	if o == nil {
		var ret string
		return ret
	}
	return o.FirstName
}

func (o *CloudAppUser) GetFirstNameOk() (*string, bool) {
	if o == nil {
		return nil, false
	}
	return &o.FirstName, true
}

func (o *CloudAppUser) GetId() string {
	if o == nil || o.Id == nil {
		var ret string
		return ret
	}
	return *o.Id
}

func (o *CloudAppUser) GetIdOk() (*string, bool) {
	if o == nil || o.Id == nil {
		return nil, false
	}
	return o.Id, true
}

func (o *CloudAppUser) HasId() bool { return o != nil && o.Id != nil }

func (o *CloudAppUser) GetLastAuth() time.Time {
	if o == nil || o.LastAuth == nil {
		var ret time.Time
		return ret
	}
	return *o.LastAuth
}

func (o *CloudAppUser) GetLastAuthOk() (*time.Time, bool) {
	if o == nil || o.LastAuth == nil {
		return nil, false
	}
	return o.LastAuth, true
}

func (o *CloudAppUser) HasLastAuth() bool { return o != nil && o.LastAuth != nil }

func (o *CloudAppUser) GetLastName() string {
	if o == nil {
		var ret string
		return ret
	}
	return o.LastName
}

func (o *CloudAppUser) GetLastNameOk() (*string, bool) {
	if o == nil {
		return nil, false
	}
	return &o.LastName, true
}

func (o *CloudAppUser) GetLinks() []Link {
	if o == nil || o.Links == nil {
		var ret []Link
		return ret
	}
	return *o.Links
}

func (o *CloudAppUser) GetLinksOk() (*[]Link, bool) {
	if o == nil || o.Links == nil {
		return nil, false
	}
	return o.Links, true
}

func (o *CloudAppUser) HasLinks() bool { return o != nil && o.Links != nil }

func (o *CloudAppUser) GetMobileNumber() string {
	if o == nil {
		var ret string
		return ret
	}
	return o.MobileNumber
}

func (o *CloudAppUser) GetMobileNumberOk() (*string, bool) {
	if o == nil {
		return nil, false
	}
	return &o.MobileNumber, true
}

func (o *CloudAppUser) GetPassword() string {
	if o == nil {
		var ret string
		return ret
	}
	return o.Password
}

func (o *CloudAppUser) GetPasswordOk() (*string, bool) {
	if o == nil {
		return nil, false
	}
	return &o.Password, true
}

func (o *CloudAppUser) GetRoles() []CloudAccessRoleAssignment {
	if o == nil {
		var ret []CloudAccessRoleAssignment
		return ret
	}
	return o.Roles
}

func (o *CloudAppUser) GetRolesOk() (*[]CloudAccessRoleAssignment, bool) {
	if o == nil {
		return nil, false
	}
	return &o.Roles, true
}

func (o *CloudAppUser) GetTeamIds() []string {
	if o == nil || o.TeamIds == nil {
		var ret []string
		return ret
	}
	return *o.TeamIds
}

func (o *CloudAppUser) GetTeamIdsOk() (*[]string, bool) {
	if o == nil || o.TeamIds == nil {
		return nil, false
	}
	return o.TeamIds, true
}

func (o *CloudAppUser) HasTeamIds() bool { return o != nil && o.TeamIds != nil }

func (o *CloudAppUser) GetUsername() string {
	if o == nil {
		var ret string
		return ret
	}
	return o.Username
}

func (o *CloudAppUser) GetUsernameOk() (*string, bool) {
	if o == nil {
		return nil, false
	}
	return &o.Username, true
}
