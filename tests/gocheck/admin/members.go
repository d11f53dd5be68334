package admin

import "time"

// GroupRoleAssignment is one project's roles in an organization member's answer.
type GroupRoleAssignment struct {
	GroupId    *string   `json:"groupId,omitempty"`
	GroupRoles *[]string `json:"groupRoles,omitempty"`
}

// OrgUserRolesResponse is an organization member's roles.
type OrgUserRolesResponse struct {
	GroupRoleAssignments *[]GroupRoleAssignment `json:"groupRoleAssignments,omitempty"`
	OrgRoles             *[]string              `json:"orgRoles,omitempty"`
}

// OrgUserResponse is what createOrgUser answers and listOrgUsers lists.
type OrgUserResponse struct {
	Id                  string               `json:"id"`
	OrgMembershipStatus string               `json:"orgMembershipStatus"`
	Roles               OrgUserRolesResponse `json:"roles"`
	TeamIds             *[]string            `json:"teamIds,omitempty"`
	Username            string               `json:"username"`
	InvitationCreatedAt *time.Time           `json:"invitationCreatedAt,omitempty"`
	InvitationExpiresAt *time.Time           `json:"invitationExpiresAt,omitempty"`
	InviterUsername     *string              `json:"inviterUsername,omitempty"`
	Country             *string              `json:"country,omitempty"`
	CreatedAt           *time.Time           `json:"createdAt,omitempty"`
	FirstName           *string              `json:"firstName,omitempty"`
	LastAuth            *time.Time           `json:"lastAuth,omitempty"`
	LastName            *string              `json:"lastName,omitempty"`
	MobileNumber        *string              `json:"mobileNumber,omitempty"`
}

// GroupUserResponse is what addGroupUsers answers and listGroupUsers lists.
type GroupUserResponse struct {
	Id                  string     `json:"id"`
	OrgMembershipStatus string     `json:"orgMembershipStatus"`
	Roles               []string   `json:"roles"`
	Username            string     `json:"username"`
	InvitationCreatedAt *time.Time `json:"invitationCreatedAt,omitempty"`
	InvitationExpiresAt *time.Time `json:"invitationExpiresAt,omitempty"`
	InviterUsername     *string    `json:"inviterUsername,omitempty"`
	Country             *string    `json:"country,omitempty"`
	CreatedAt           *time.Time `json:"createdAt,omitempty"`
	FirstName           *string    `json:"firstName,omitempty"`
	LastAuth            *time.Time `json:"lastAuth,omitempty"`
	LastName            *string    `json:"lastName,omitempty"`
	MobileNumber        *string    `json:"mobileNumber,omitempty"`
}

// PaginatedOrgUser is a page of listOrgUsers.
type PaginatedOrgUser struct {
	Links      *[]Link            `json:"links,omitempty"`
	Results    *[]OrgUserResponse `json:"results,omitempty"`
	TotalCount *int               `json:"totalCount,omitempty"`
}

// PaginatedGroupUser is a page of listGroupUsers.
type PaginatedGroupUser struct {
	Links      *[]Link              `json:"links,omitempty"`
	Results    *[]GroupUserResponse `json:"results,omitempty"`
	TotalCount *int                 `json:"totalCount,omitempty"`
}
