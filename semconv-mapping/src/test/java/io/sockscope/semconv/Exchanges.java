package io.sockscope.semconv;

import io.sockscope.bpf.Role;
import io.sockscope.receiver.Endpoint;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.HttpDetails;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.ProcessInfo;
import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.ProtocolDetails;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Exchanges for tests: a server on 10.0.0.1:8080 talking to a client at 10.0.0.2:43210, 2 ms long. */
public final class Exchanges {
    public static final long START = 1_700_000_000_000_000_000L;
    public static final ProcessInfo NGINX = new ProcessInfo(
            4242, 123456, "nginx", "/usr/sbin/nginx", "nginx: worker process", "www-data", null, null);

    private Exchanges() {
    }

    public static Endpoint endpoint(String ip, int port) {
        try {
            return new Endpoint(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Builder server() {
        return new Builder().role(Role.SERVER).local("10.0.0.1", 8080).remote("10.0.0.2", 43210);
    }

    public static Builder client() {
        return new Builder().role(Role.CLIENT).local("10.0.0.2", 43210).remote("10.0.0.1", 8080);
    }

    public static Http http(String method, String target) {
        return new Http(method, target);
    }

    /** HttpDetails with HTTP/1.1, no headers and status 200 unless told otherwise. */
    public static final class Http {
        private String method;
        private String target;
        private String version = "HTTP/1.1";
        private String host;
        private String userAgent;
        private int status = 200;
        private String traceparent;
        private String tracestate;

        private Http(String method, String target) {
            this.method = method;
            this.target = target;
        }

        public Http version(String v) {
            version = v;
            return this;
        }

        public Http host(String h) {
            host = h;
            return this;
        }

        public Http userAgent(String ua) {
            userAgent = ua;
            return this;
        }

        public Http status(int s) {
            status = s;
            return this;
        }

        public Http traceparent(String tp) {
            traceparent = tp;
            return this;
        }

        public Http tracestate(String ts) {
            tracestate = ts;
            return this;
        }

        public HttpDetails build() {
            return new HttpDetails(method, target, version, host, userAgent, status, 0, 0, traceparent, tracestate);
        }
    }

    public static final class Builder {
        private Role role = Role.SERVER;
        private Endpoint local;
        private Endpoint remote;
        private int transport = 6;
        private int pid = NGINX.pid();
        private ProcessInfo process = NGINX;
        private long requestStart = START;
        private long requestEnd = START + 100_000;
        private long responseStart = START + 1_500_000;
        private long responseEnd = START + 2_000_000;
        private long requestBytes = 120;
        private long responseBytes = 4_000;
        private Outcome outcome = Outcome.COMPLETE;
        private ProtocolDetails details = ProtocolDetails.OPAQUE;

        public Builder role(Role r) {
            role = r;
            return this;
        }

        public Builder local(String ip, int port) {
            local = endpoint(ip, port);
            return this;
        }

        public Builder remote(String ip, int port) {
            remote = endpoint(ip, port);
            return this;
        }

        public Builder local(Endpoint e) {
            local = e;
            return this;
        }

        public Builder remote(Endpoint e) {
            remote = e;
            return this;
        }

        public Builder udp() {
            transport = 17;
            return this;
        }

        public Builder process(ProcessInfo p) {
            process = p;
            pid = p == null ? pid : p.pid();
            return this;
        }

        public Builder pid(int p) {
            pid = p;
            return this;
        }

        public Builder noResponse() {
            responseStart = 0;
            responseEnd = 0;
            responseBytes = 0;
            return this;
        }

        public Builder bytes(long request, long response) {
            requestBytes = request;
            responseBytes = response;
            return this;
        }

        public Builder outcome(Outcome o) {
            outcome = o;
            return this;
        }

        public Builder http(Http h) {
            details = h.build();
            return this;
        }

        public Builder details(ProtocolDetails d) {
            details = d;
            return this;
        }

        public Exchange build() {
            Protocol protocol = details instanceof HttpDetails ? Protocol.HTTP1 : Protocol.UNKNOWN;
            return new Exchange(77, role, protocol, local, remote, transport, pid, pid + 1, 9, 4026531840L,
                    process, requestStart, requestEnd, responseStart, responseEnd, requestBytes, responseBytes,
                    outcome, details);
        }
    }
}
