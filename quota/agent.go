package quota

import "context"

type agentKey struct{}

// WithAgent tags ctx with the agent on whose behalf calls are made, so the
// ledger (reserved through the ATTOM client) can apply the per-agent daily cap. An empty agent is exempt (admins,
// maintenance).
func WithAgent(ctx context.Context, agent string) context.Context {
	return context.WithValue(ctx, agentKey{}, agent)
}

// AgentFrom returns the agent set by WithAgent.
func AgentFrom(ctx context.Context) string {
	s, _ := ctx.Value(agentKey{}).(string)
	return s
}
