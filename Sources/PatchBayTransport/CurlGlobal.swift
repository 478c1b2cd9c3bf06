import CCurl

/// libcurl's process-wide initialization, done once before the first handle is created.
enum CurlGlobal {
    private static let result: CURLcode = pb_global_init()

    static func initialize() throws(TransportError) {
        guard result == CURLE_OK else {
            throw TransportError(curlCode: result, detail: "curl_global_init failed")
        }
    }
}
