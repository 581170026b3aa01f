// The operator's web dashboard and the JSON it needs beyond the other routes.
export { denialRoutes } from './denial-routes.ts';
export { denialsByPolicy, type PolicyDenials } from './denials-by-policy.ts';
export { dashboardRoutes } from './page-routes.ts';
export { dashboardPage, shippedDashboardPage, type DashboardAsset, type DashboardPage } from './page.ts';
export { auditPageRoutes } from './audit-routes.ts';
export { consumerLag, type GroupLag } from './consumer-lag.ts';
export { overview, type Overview } from './overview-queries.ts';
export { overviewRoutes } from './overview-routes.ts';
export { storyRoutes } from './story-routes.ts';
