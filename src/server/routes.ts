import { healthRoutes } from './health-routes.js';
import { lookupRoutes } from './lookup-routes.js';
import type { Route } from './route.js';

/**
 * Every endpoint of `ratedeck serve`. A feature adds its own module of
 * routes and one spread here (least-cost routing: `...lcrRoutes` for
 * GET /v1/lcr).
 */
export const ROUTES: Route[] = [...healthRoutes, ...lookupRoutes];
