import CCurl
import HTTPTypes

/// One request's libcurl easy handle and the response being received into it.
///
/// `@unchecked Sendable`: a transfer is created by the calling task and handed to the loop
/// thread through `CurlMultiLoop`'s mutex, which orders that hand-off; from then on only the
/// loop thread touches its mutable state (libcurl calls its callbacks on that thread too).
final class CurlTransfer: @unchecked Sendable {
    let request: TransportRequest
    /// Set under the loop's mutex when the transfer is submitted; resumed exactly once by
    /// whoever removes the transfer from the loop's bookkeeping.
    var continuation: CheckedContinuation<TransportResponse, any Error>?
    /// The easy handle while the transfer is in the multi handle; nil before and after.
    private(set) var easy: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    private var response = ResponseAccumulator()
    private var maxBodySize = 0
    private var bodyLimitExceeded = false
    private var headerLimitExceeded = false

    init(request: TransportRequest) {
        self.request = request
        errorBuffer.initialize(to: 0)
    }

    deinit {
        release()
        errorBuffer.deallocate()
    }

    /// Creates and configures the easy handle; returns it for `curl_multi_add_handle`.
    func start(configuration: CurlClientConfiguration) throws(TransportError) -> UnsafeMutableRawPointer {
        guard let handle = curl_easy_init() else {
            throw TransportError(.other, "curl_easy_init failed")
        }
        easy = handle
        maxBodySize = configuration.maxResponseBodySize
        do {
            try configure(handle, configuration)
        } catch {
            release()
            throw error
        }
        return handle
    }

    /// Reads the outcome of the finished transfer and frees the easy handle, which must already
    /// be out of the multi handle.
    func finish(result: CURLcode) -> Result<TransportResponse, TransportError> {
        defer { release() }
        guard let easy else {
            return .failure(TransportError(.other, "transfer finished without an easy handle"))
        }
        if bodyLimitExceeded {
            return .failure(
                TransportError(
                    .responseTooLarge, "response body exceeds \(maxBodySize) bytes", curlCode: Int(result.rawValue)))
        }
        if headerLimitExceeded {
            return .failure(
                TransportError(
                    .responseTooLarge, "response has more than \(ResponseAccumulator.maximumHeaderFields) header fields",
                    curlCode: Int(result.rawValue)))
        }
        guard result == CURLE_OK else {
            return .failure(TransportError(curlCode: result, detail: String(cString: errorBuffer)))
        }
        var status = 0
        var version = 0
        _ = pb_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        _ = pb_easy_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        return .success(
            TransportResponse(
                status: status, headers: response.headers, body: response.body,
                httpVersion: Self.versionName(version)))
    }

    /// Frees the easy handle and header list (after `curl_multi_remove_handle`).
    func release() {
        if let easy { curl_easy_cleanup(easy) }
        easy = nil
        curl_slist_free_all(headerList)
        headerList = nil
    }

    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard response.body.count + bytes.count <= maxBodySize else {
            bodyLimitExceeded = true
            return 0  // tells libcurl to abort the transfer
        }
        response.body.append(contentsOf: bytes)
        return bytes.count
    }

    fileprivate func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard response.receiveHeaderLine(bytes) else {
            headerLimitExceeded = true
            return 0  // tells libcurl to abort the transfer
        }
        return bytes.count
    }

    private func configure(_ handle: UnsafeMutableRawPointer, _ configuration: CurlClientConfiguration) throws(TransportError) {
        let options = EasyOptions(handle: handle)
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        try options.set(CURLOPT_URL, request.url)
        try options.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try options.set(CURLOPT_NOSIGNAL, 1)
        try options.set(CURLOPT_SSL_VERIFYPEER, 1)
        try options.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundlePath = configuration.caBundlePath {
            try options.set(CURLOPT_CAINFO, caBundlePath)
        }
        try options.set(CURLOPT_HTTP_VERSION, Self.curlVersion(configuration.httpVersion))
        try options.set(CURLOPT_PIPEWAIT, 1)
        try options.set(CURLOPT_TCP_KEEPALIVE, 1)
        try options.set(CURLOPT_CONNECTTIMEOUT_MS, (request.connectTimeout ?? configuration.connectTimeout).curlMilliseconds)
        try options.set(CURLOPT_TIMEOUT_MS, (request.timeout ?? configuration.timeout).curlMilliseconds)
        try options.set(CURLOPT_USERAGENT, configuration.userAgent)
        try options.set(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        try options.set(CURLOPT_WRITEFUNCTION, curlReceiveBody)
        try options.set(CURLOPT_WRITEDATA, userdata)
        try options.set(CURLOPT_HEADERFUNCTION, curlReceiveHeaderLine)
        try options.set(CURLOPT_HEADERDATA, userdata)
        let sendsBody = try configureMethod(options)
        headerList = Self.headerList(for: request.headers, sendsBody: sendsBody)
        try options.set(CURLOPT_HTTPHEADER, headerList)
    }

    /// Sets the method and body; returns whether a body is sent.
    private func configureMethod(_ options: EasyOptions) throws(TransportError) -> Bool {
        switch request.method {
        case "GET":
            try options.set(CURLOPT_HTTPGET, 1)
            return false
        case "HEAD":
            try options.set(CURLOPT_NOBODY, 1)
            return false
        default:
            try options.set(CURLOPT_CUSTOMREQUEST, request.method)
            guard !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) else { return false }
            try options.setLarge(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            try options.copyPostFields(request.body)
            return true
        }
    }

    /// The request's header lines, plus lines that stop libcurl from adding `Expect:
    /// 100-continue` and, for a body without a declared type, a form content type.
    /// Names are sent as written (``HTTPField/Name/rawName``).
    private static func headerList(for headers: HTTPFields, sendsBody: Bool) -> UnsafeMutablePointer<curl_slist>? {
        var lines = headers.map { $0.value.isEmpty ? "\($0.name.rawName);" : "\($0.name.rawName): \($0.value)" }
        if !headers.contains(.expect) { lines.append("Expect:") }
        if sendsBody && !headers.contains(.contentType) { lines.append("Content-Type:") }
        return lines.reduce(nil) { list, line in curl_slist_append(list, line) }
    }

    private static func curlVersion(_ version: CurlClientConfiguration.HTTPVersion) -> Int {
        switch version {
        case .http1_1: Int(CURL_HTTP_VERSION_1_1)
        case .http2: Int(CURL_HTTP_VERSION_2TLS)
        }
    }

    private static func versionName(_ curlVersion: Int) -> String {
        switch curlVersion {
        case Int(CURL_HTTP_VERSION_1_0): "1.0"
        case Int(CURL_HTTP_VERSION_2_0): "2"
        case Int(CURL_HTTP_VERSION_3): "3"
        default: "1.1"
        }
    }
}

/// libcurl's write callback: appends body bytes to the transfer named by `userdata`.
private let curlReceiveBody: pb_data_callback = { data, size, count, userdata in
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
}

/// libcurl's header callback: hands one raw header line to the transfer named by `userdata`.
private let curlReceiveHeaderLine: pb_data_callback = { data, size, count, userdata in
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
    return transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
}

extension Duration {
    /// Whole milliseconds for a libcurl `_MS` option, at least 1 (0 would mean "no limit").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
