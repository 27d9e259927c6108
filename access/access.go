package access

import (
	"context"
	"slices"
	"sync/atomic"
)

// Role is what a user may do.
type Role int

// Roles, from least to most.
const (
	Stranger Role = iota
	Agent
	Admin
)

// Access decides roles from the admin and agent lists; it can be swapped
// whole on a configuration reload.
type Access struct {
	p atomic.Pointer[accessLists]
}

type accessLists struct{ admins, agents map[int64]bool }

// New builds an Access. Admins are agents too.
func New(admins, agents []int64) *Access {
	a := &Access{}
	a.Set(admins, agents)
	return a
}

// Set replaces the lists.
func (a *Access) Set(admins, agents []int64) {
	l := &accessLists{admins: map[int64]bool{}, agents: map[int64]bool{}}
	for _, id := range admins {
		l.admins[id] = true
	}
	for _, id := range agents {
		l.agents[id] = true
	}
	a.p.Store(l)
}

// Admins lists the admins' user ids (alerts are sent to them).
func (a *Access) Admins() []int64 {
	var out []int64
	for id := range a.p.Load().admins {
		out = append(out, id)
	}
	return out
}

// Agents lists the agents' user ids.
func (a *Access) Agents() []int64 {
	var out []int64
	for id := range a.p.Load().agents {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// Role returns the role of a user id.
func (a *Access) Role(user int64) Role {
	l := a.p.Load()
	switch {
	case l.admins[user]:
		return Admin
	case l.agents[user]:
		return Agent
	}
	return Stranger
}

type roleKey struct{}

// WithRole carries a user's role in ctx, so it is looked up once per
// update: where the update is taken in (to choose its lane) or, failing
// that, by the first handler middleware.
func WithRole(ctx context.Context, r Role) context.Context {
	return context.WithValue(ctx, roleKey{}, r)
}

// RoleFrom returns the role WithRole carried, and whether there was one.
func RoleFrom(ctx context.Context) (Role, bool) {
	r, ok := ctx.Value(roleKey{}).(Role)
	return r, ok
}
