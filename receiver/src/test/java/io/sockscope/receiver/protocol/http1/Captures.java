package io.sockscope.receiver.protocol.http1;

/** Bytes as real clients and servers put them on the wire (curl 7.88, nginx 1.22, Python 3.11 http.server). */
final class Captures {
    private Captures() {
    }

    static final String CURL_GET = "GET /index.html?lang=en HTTP/1.1\r\n"
            + "Host: localhost:8080\r\n"
            + "User-Agent: curl/7.88.1\r\n"
            + "Accept: */*\r\n"
            + "\r\n";

    static final String CURL_HEAD = "HEAD / HTTP/1.1\r\n"
            + "Host: localhost:8080\r\n"
            + "User-Agent: curl/7.88.1\r\n"
            + "Accept: */*\r\n"
            + "\r\n";

    static final String NGINX_BODY = body(615);

    static final String NGINX_200_HEAD = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Mon, 02 Jun 2025 10:00:00 GMT\r\n"
            + "Content-Type: text/html\r\n"
            + "Content-Length: 615\r\n"
            + "Last-Modified: Tue, 11 Apr 2023 01:45:34 GMT\r\n"
            + "Connection: keep-alive\r\n"
            + "ETag: \"6434bbbe-267\"\r\n"
            + "Accept-Ranges: bytes\r\n"
            + "\r\n";

    static final String NGINX_200 = NGINX_200_HEAD + NGINX_BODY;

    static final String NGINX_204 = "HTTP/1.1 204 No Content\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Mon, 02 Jun 2025 10:00:01 GMT\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n";

    static final String CURL_CONDITIONAL = "GET / HTTP/1.1\r\n"
            + "Host: localhost:8080\r\n"
            + "User-Agent: curl/7.88.1\r\n"
            + "Accept: */*\r\n"
            + "If-None-Match: \"6434bbbe-267\"\r\n"
            + "\r\n";

    static final String NGINX_304 = "HTTP/1.1 304 Not Modified\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Mon, 02 Jun 2025 10:00:02 GMT\r\n"
            + "Last-Modified: Tue, 11 Apr 2023 01:45:34 GMT\r\n"
            + "Connection: keep-alive\r\n"
            + "ETag: \"6434bbbe-267\"\r\n"
            + "\r\n";

    static final String NGINX_CHUNKED = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Mon, 02 Jun 2025 10:00:03 GMT\r\n"
            + "Content-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n"
            + "1a\r\n{\"items\":[1,2,3],\"next\":4}\r\n"
            + "7;ext=1\r\n,\"x\":1}\r\n"
            + "0\r\n"
            + "\r\n";

    static final String CURL_POST_EXPECT = "POST /upload HTTP/1.1\r\n"
            + "Host: localhost:8080\r\n"
            + "User-Agent: curl/7.88.1\r\n"
            + "Accept: */*\r\n"
            + "Content-Length: 2048\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n"
            + "Expect: 100-continue\r\n"
            + "\r\n";

    static final String CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";

    static final String NGINX_201 = "HTTP/1.1 201 Created\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Mon, 02 Jun 2025 10:00:04 GMT\r\n"
            + "Content-Length: 0\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n";

    static final String PYTHON_GET = "GET /report.txt HTTP/1.0\r\n"
            + "Host: 127.0.0.1:8000\r\n"
            + "User-Agent: Python-urllib/3.11\r\n"
            + "\r\n";

    static final String PYTHON_200_HEADERS = "HTTP/1.0 200 OK\r\n"
            + "Server: SimpleHTTP/0.6 Python/3.11.2\r\n"
            + "Date: Mon, 02 Jun 2025 10:00:05 GMT\r\n"
            + "Content-type: text/plain\r\n"
            + "Connection: close\r\n"
            + "\r\n";

    static final String TRACED_GET = "GET /api/orders/42 HTTP/1.1\r\n"
            + "Host: orders.internal:8080\r\n"
            + "User-Agent: Java-http-client/21.0.2\r\n"
            + "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"
            + "tracestate: congo=t61rcWkgMzE,rojo=00f067aa0ba902b7\r\n"
            + "\r\n";

    static final String SMALL_200 = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Content-Length: 2\r\n"
            + "\r\n"
            + "ok";

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: wrk\r\n\r\n";
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length() + "\r\nConnection: keep-alive\r\n\r\n" + body;
    }

    /** An HTML-ish body of exactly {@code n} bytes. */
    static String body(int n) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n");
        while (sb.length() < n) {
            sb.append("<p>If you see this page, the nginx web server is successfully installed.</p>\n");
        }
        sb.setLength(n);
        return sb.toString();
    }
}
