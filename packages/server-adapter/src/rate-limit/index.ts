export { createRateLimiter, rateLimitHeaders, type RateLimiter, type RateLimiterOptions } from './store-rate-limiter.js';
