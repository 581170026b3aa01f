// The operator's web dashboard and the JSON it needs beyond the other routes.
export { denialRoutes } from './denial-routes.ts';
export { denialsByPolicy, type PolicyDenials } from './denials-by-policy.ts';
export { dashboardRoutes } from './page-routes.ts';
export { dashboardPage, shippedDashboardPage, type DashboardPage } from './page.ts';
