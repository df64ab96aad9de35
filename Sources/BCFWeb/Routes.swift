import BCF
import Foundation
import Hummingbird
import NIOCore

/// The routes and what each answers. The page and the API share the same check; the page answers in
/// HTML, the API in JSON, CSV or the annotated workbook.
struct Routes: Sendable {
    let limits: WebLimits
    let checking: WorkbookChecking
    let gate: CheckGate
    let round: RoundFolder?

    func register(on router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in html(CheckPages.form(roundLink: round != nil, limits: limits)) }
        router.get("/assets/bcf.css") { _, _ in asset(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/bcf.js") { _, _ in asset(Assets.script, type: "text/javascript; charset=utf-8") }
        router.get("/health") { _, _ in Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n"))) }
        router.post("/check") { request, _ in try await checkPage(request) }
        router.post("/api/check") { request, _ in try await checkAPI(request, answer: .json) }
        router.post("/api/check/csv") { request, _ in try await checkAPI(request, answer: .csv) }
        router.post("/api/check/annotated") { request, _ in try await checkAPI(request, answer: .annotated) }
        if let round { RoundRoutes(round: round).register(on: router) }
    }

    // MARK: The page

    private func checkPage(_ request: Request) async throws -> Response {
        let roundLink = round != nil
        let body: Data
        switch await collect(request) {
        case let .body(data): body = data
        case let .refused(status, message): return html(CheckPages.refusal(heading: "Your file was not checked", message: message, roundLink: roundLink), status: status)
        }
        guard let file = MultipartFile(body: body, contentType: request.headers[.contentType] ?? "") else {
            return html(CheckPages.form(roundLink: roundLink, limits: limits, message: "No workbook arrived. Choose your workbook and press “Check the workbook”."), status: .badRequest)
        }
        switch await check(file.data, name: file.fileName.isEmpty ? "workbook.xlsx" : file.fileName) {
        case let .checked(upload):
            let status: HTTPResponse.Status = upload.refusedForLimit ? .contentTooLarge : upload.check.failure != nil ? .unprocessableContent : .ok
            return html(CheckPages.result(upload, roundLink: roundLink), status: status)
        case .busy:
            var response = html(CheckPages.refusal(heading: "The checker is busy", message: "Too many workbooks are being checked at the moment. Please try again in a few seconds.", roundLink: roundLink), status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        case .timedOut:
            var response = html(CheckPages.refusal(heading: "The check took too long", message: "This workbook took more than \(limits.checkSeconds) seconds to check and was stopped. A Better Care Fund template takes well under a second: check that you picked the right file.", roundLink: roundLink), status: .serviceUnavailable)
            response.headers[.retryAfter] = "30"
            return response
        }
    }

    // MARK: The API

    enum Answer { case json, csv, annotated }

    private func checkAPI(_ request: Request, answer: Answer) async throws -> Response {
        let data: Data
        switch await collect(request) {
        case let .body(body): data = body
        case let .refused(status, message): return problem(status, message)
        }
        guard !data.isEmpty else { return problem(.badRequest, "send the workbook (.xlsx) as the request body") }
        let name = request.uri.queryParameters.get("name").map { String($0.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "") }
            .flatMap { $0.isEmpty ? nil : $0 } ?? "workbook.xlsx"
        switch await check(data, name: name) {
        case let .checked(upload):
            if upload.refusedForLimit { return problem(.contentTooLarge, upload.check.failure ?? "the workbook breaks a reading limit") }
            let status: HTTPResponse.Status = upload.check.failure != nil ? .unprocessableContent : .ok
            switch answer {
            case .json: return text(upload.json, type: "application/json", status: status)
            case .csv: return text(upload.csv, type: "text/csv; charset=utf-8", status: status)
            case .annotated:
                guard let annotated = upload.annotated else {
                    return problem(.unprocessableContent, upload.check.failure ?? upload.annotatedFailure ?? "no annotated copy could be made")
                }
                var response = Response(status: .ok, headers: [.contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
                                        body: .init(byteBuffer: ByteBuffer(bytes: annotated)))
                response.headers[.contentDisposition] = "attachment; filename=\"checked.xlsx\""
                return response
            }
        case .busy:
            var response = problem(.serviceUnavailable, "too many checks at once; try again shortly")
            response.headers[.retryAfter] = "5"
            return response
        case .timedOut:
            var response = problem(.serviceUnavailable, "the check took more than \(limits.checkSeconds) seconds and was stopped")
            response.headers[.retryAfter] = "30"
            return response
        }
    }

    // MARK: Shared

    enum Collected { case body(Data), refused(HTTPResponse.Status, String) }

    /// The whole body, within the upload size and time limits.
    private func collect(_ request: Request) async -> Collected {
        let maxBytes = limits.maxUploadBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            return .refused(.contentTooLarge, tooLarge(length))
        }
        do {
            return try await withThrowingTaskGroup(of: Collected?.self) { group in
                group.addTask {
                    let buffer = try await request.body.collect(upTo: maxBytes)
                    return .body(Data(buffer: buffer))
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(limits.uploadSeconds))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first ?? .refused(.requestTimeout, "the file did not arrive within \(limits.uploadSeconds) seconds")
            }
        } catch is NIOTooManyBytesError {
            return .refused(.contentTooLarge, tooLarge(nil))
        } catch {
            return .refused(.badRequest, "the file could not be received: \(error)")
        }
    }

    private func tooLarge(_ length: Int?) -> String {
        let size = length.map { " (\(($0 + (1 << 20) - 1) >> 20) MB)" } ?? ""
        return "The file is too large\(size): this server checks workbooks of up to \(limits.maxUploadBytes >> 20) MB. A Better Care Fund template is far smaller, so check that you picked the right file."
    }

    enum Outcome { case checked(CheckedUpload), busy, timedOut }

    private func check(_ data: Data, name: String) async -> Outcome {
        let checking = checking
        switch await gate.run(seconds: limits.checkSeconds, { checking.check(data, name: name) }) {
        case nil: return .busy
        case .timedOut?: return .timedOut
        case let .done(upload)?: return .checked(upload)
        }
    }
}

func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
}

func text(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// A JSON error: `{"error": "..."}`.
func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
    let body = (try? JSONEncoder().encode(["error": message])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    return text(body + "\n", type: "application/json", status: status)
}

private func asset(_ text: String, type: String) -> Response {
    var response = Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    response.headers[.cacheControl] = "max-age=3600"
    return response
}
