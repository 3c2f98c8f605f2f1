import { healthRoutes } from './health-routes.js';
import { lcrRoutes } from './lcr-routes.js';
import { lookupRoutes } from './lookup-routes.js';
import { ratingRoutes } from './rating-routes.js';
import type { Route } from './route.js';

/** Every endpoint of `ratedeck serve`. A feature adds its own module of routes and one spread here. */
export const ROUTES: Route[] = [...healthRoutes, ...lookupRoutes, ...lcrRoutes, ...ratingRoutes];
