// Package admin mirrors the Atlas SDK types the official CLI renders templates on
// (go.mongodb.org/atlas-sdk admin.CloudAppUser and friends): same fields, same JSON
// tags, same GetX/HasX methods the project supports.
package admin

import "time"

type Link struct {
	Href *string `json:"href,omitempty"`
	Rel  *string `json:"rel,omitempty"`
}

type CloudAccessRoleAssignment struct {
	GroupId  *string `json:"groupId,omitempty"`
	OrgId    *string `json:"orgId,omitempty"`
	RoleName *string `json:"roleName,omitempty"`
}

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
}

func (o *CloudAppUser) GetId() string {
	if o == nil || o.Id == nil {
		return ""
	}
	return *o.Id
}

func (o *CloudAppUser) HasId() bool { return o != nil && o.Id != nil }

func (o *CloudAppUser) HasLastAuth() bool { return o != nil && o.LastAuth != nil }

func (o *CloudAppUser) GetCreatedAt() time.Time {
	if o == nil || o.CreatedAt == nil {
		var t time.Time
		return t
	}
	return *o.CreatedAt
}

func (o *CloudAppUser) GetLastAuth() time.Time {
	if o == nil || o.LastAuth == nil {
		var t time.Time
		return t
	}
	return *o.LastAuth
}
