import type { Request, RequestHandler } from 'express';
import { Histogram } from './prometheus';

/** From 5 ms (a probe) to 10 s (a dependency timing out), with resolution around the 0.25–1 s a page should take. */
const BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function httpDurationHistogram(): Histogram {
  return new Histogram(
    'certflow_http_request_duration_seconds',
    'HTTP request durations by method, route pattern and status.',
    BUCKETS_SECONDS,
  );
}

/** Times every request into the histogram, labelled by the route pattern (never the raw path: ids would explode it). */
export function recordHttpDurations(histogram: Histogram): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      histogram.observe({ method: req.method, route: routePattern(req), status: String(res.statusCode) }, seconds);
    });
    next();
  };
}

/** The pattern of the route that answered; 'unmatched' for a 404 or a request a middleware refused before routing. */
function routePattern(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${req.baseUrl}${path}`;
  // A route declared on several literal paths (the rate limiter's): the one this request took.
  if (Array.isArray(path)) return `${req.baseUrl}${path.find((p) => p === req.path) ?? path.join('|')}`;
  return 'unmatched';
}
