import CCurl

/// Typed `curl_easy_setopt` calls on one easy handle, failing with a `TransportError`.
struct EasyOptions {
    let handle: UnsafeMutableRawPointer

    func set(_ option: CURLoption, _ value: Int) throws(TransportError) {
        try check(option, pb_easy_setopt_long(handle, option, value))
    }

    /// For the `_LARGE` options, which take a `curl_off_t`.
    func setLarge(_ option: CURLoption, _ value: curl_off_t) throws(TransportError) {
        try check(option, pb_easy_setopt_off_t(handle, option, value))
    }

    /// libcurl copies string options, so the temporary C string may go after the call.
    func set(_ option: CURLoption, _ value: String) throws(TransportError) {
        try check(option, pb_easy_setopt_string(handle, option, value))
    }

    func set(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) throws(TransportError) {
        try check(option, pb_easy_setopt_pointer(handle, option, value))
    }

    func set(_ option: CURLoption, _ value: UnsafeMutablePointer<curl_slist>?) throws(TransportError) {
        try check(option, pb_easy_setopt_slist(handle, option, value))
    }

    func set(_ option: CURLoption, _ value: pb_data_callback) throws(TransportError) {
        try check(option, pb_easy_setopt_callback(handle, option, value))
    }

    /// Sets `CURLOPT_COPYPOSTFIELDS` (libcurl copies `CURLOPT_POSTFIELDSIZE_LARGE` bytes, so the
    /// body may contain NUL bytes). `CURLOPT_POSTFIELDSIZE_LARGE` must be set first.
    func copyPostFields(_ body: [UInt8]) throws(TransportError) {
        let code = (body.isEmpty ? [0] : body).withUnsafeBytes { bytes in
            pb_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
        }
        try check(CURLOPT_COPYPOSTFIELDS, code)
    }

    private func check(_ option: CURLoption, _ code: CURLcode) throws(TransportError) {
        guard code == CURLE_OK else {
            throw TransportError(curlCode: code, detail: "setting libcurl option \(option.rawValue)")
        }
    }
}
