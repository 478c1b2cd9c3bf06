#ifndef PATCHBAY_CCURL_SHIM_H
#define PATCHBAY_CCURL_SHIM_H
#include <curl/curl.h>

/*
 * Typed wrappers around libcurl's variadic entry points (curl_easy_setopt, curl_multi_setopt,
 * curl_easy_getinfo), which Swift cannot call directly. Each wrapper fixes the argument type that
 * the option expects, as documented by libcurl.
 */

/** A write or header callback: (data, size, count, userdata) -> bytes consumed. */
typedef size_t (*pb_data_callback)(char *data, size_t size, size_t count, void *userdata);

/** curl_global_init with CURL_GLOBAL_DEFAULT, whose macro expression Swift does not import. */
static inline CURLcode pb_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

static inline CURLcode pb_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pb_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pb_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pb_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pb_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pb_easy_setopt_callback(CURL *handle, CURLoption option, pb_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLMcode pb_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

static inline CURLcode pb_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode pb_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

/** The transfer result carried by a CURLMSG_DONE message (the union member `data.result`). */
static inline CURLcode pb_message_result(const CURLMsg *message) {
    return message->data.result;
}

#endif
