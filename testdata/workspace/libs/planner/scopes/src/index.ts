// Scopes the service planner's backend needs for its nightly sync.
export const plannerScopes = [
  { scope: 'account.service-management.service-plan.assignment.view', optional: false },
  { scope: 'account.alerts.view', optional: true },
] as const;
