package quota

import "context"

type agentKey struct{}

// WithAgent tags ctx with the agent on whose behalf calls are made, so the
// ledger (reserved through the ATTOM client) can apply the per-agent daily cap. An empty agent is exempt (admins,
// maintenance).
func WithAgent(ctx context.Context, agent string) context.Context {
	return &agentCtx{ctx, agent}
}

// agentCtx carries the agent in one allocation (context.WithValue would box
// the string in a second): every agent's request is tagged.
type agentCtx struct {
	context.Context
	agent string
}

// Value answers for the agent and asks the parent for anything else.
func (c *agentCtx) Value(key any) any {
	if key == (agentKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// AgentFrom returns the agent set by WithAgent.
func AgentFrom(ctx context.Context) string {
	if c, ok := ctx.Value(agentKey{}).(*agentCtx); ok {
		return c.agent
	}
	return ""
}
