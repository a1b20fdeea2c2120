import Hummingbird

/// Wraps every route of ``NodeHTTPServer``: renders ``SynodHTTPError``s (and unmatched routes: 404,
/// or 405 for a served path with another method) as JSON error bodies, turns any other handler error into a `500` `sourceFailed` body, and counts
/// each request in `synod_http_requests_total{route,status}`.
struct APIMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: NodeMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response: Response
        var matched = true
        do {
            response = try await next(request, context)
        } catch let error as SynodHTTPError {
            response = NodeAPIHandlers.errorResponse(error)
        } catch let error as HTTPError where error.status == .notFound {
            matched = false
            let path = request.uri.path
            let shown = path.count > 100 ? String(path.prefix(100)) + "…" : path
            if Self.isServedPath(path) {
                response = NodeAPIHandlers.errorResponse(
                    SynodHTTPError(.methodNotAllowed, "\(request.method) is not allowed on \(shown) (only GET, HEAD)"),
                    headers: [.allow: "GET, HEAD"])
            } else {
                response = NodeAPIHandlers.errorResponse(
                    SynodHTTPError(.routeNotFound, "no route for \(request.method) \(shown)"))
            }
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            response = NodeAPIHandlers.errorResponse(SynodHTTPError(.sourceFailed, "\(error)"))
        }
        let route = matched ? context.endpointPath ?? Self.unmatchedRoute : Self.unmatchedRoute
        metrics.httpRequest(route: route, status: response.status.code)
        return response
    }

    /// The `route` label of requests no route matched (Hummingbird's own label for them is `NotFound`).
    static var unmatchedRoute: String { "unmatched" }

    /// True if `path` is one of the served routes (`/status`, `/model`, `/metrics`, `/health`,
    /// `/blocks/{segment}`), whatever the method.
    static func isServedPath(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        switch segments.count {
        case 1: return ["status", "model", "metrics", "health"].contains(segments[0])
        case 2: return segments[0] == "blocks"
        default: return false
        }
    }
}
