package io.sockscope.semconv;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.sockscope.bpf.Role;
import io.sockscope.receiver.Endpoint;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.HttpDetails;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.ProtocolDetails;
import io.sockscope.semconv.http.QueryRedactor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sockscope.semconv.Exchanges.START;
import static io.sockscope.semconv.Exchanges.client;
import static io.sockscope.semconv.Exchanges.http;
import static io.sockscope.semconv.Exchanges.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SpanMapperTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

    private final SpanMapper mapper = SpanMapper.create();

    private static String hex(ByteString b) {
        return HexFormat.of().formatHex(b.toByteArray());
    }

    @Nested
    class HttpServer {
        @Test
        void get200WithQueryHasTheStableServerAttributes() {
            Span span = mapper.map(server()
                    .http(http("GET", "/users/42?page=2&sort=name").host("api.example.com").userAgent("curl/8.5.0"))
                    .build());

            assertThat(span.getName()).isEqualTo("GET");
            assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
            assertThat(Attributes.of(span)).containsExactly(
                    entry("http.request.method", "GET"),
                    entry("url.path", "/users/42"),
                    entry("url.query", "page=2&sort=name"),
                    entry("url.scheme", "http"),
                    entry("server.address", "api.example.com"),
                    entry("server.port", 80L),
                    entry("client.address", "10.0.0.2"),
                    entry("user_agent.original", "curl/8.5.0"),
                    entry("http.response.status_code", 200L),
                    entry("network.protocol.version", "1.1"),
                    entry("network.peer.address", "10.0.0.2"),
                    entry("network.peer.port", 43210L),
                    entry("network.transport", "tcp"));
        }

        @Test
        void httpRouteIsNeverSetBecauseNoRouteIsKnown() {
            SpanMapper templating = SpanMapper.builder().pathTemplating(true).build();
            Span span = templating.map(server().http(http("GET", "/users/42")).build());

            assertThat(Attributes.of(span)).doesNotContainKey("http.route");
        }

        @Test
        void timesAreFirstRequestByteToLastResponseByte() {
            Span span = mapper.map(server().http(http("GET", "/")).build());

            assertThat(span.getStartTimeUnixNano()).isEqualTo(START);
            assertThat(span.getEndTimeUnixNano()).isEqualTo(START + 2_000_000);
        }

        @Test
        void withoutAResponseTheSpanEndsAtTheLastRequestByte() {
            Span span = mapper.map(server().noResponse().outcome(Outcome.TIMEOUT)
                    .http(http("GET", "/").status(0)).build());

            assertThat(span.getEndTimeUnixNano()).isEqualTo(START + 100_000);
            assertThat(Attributes.of(span)).doesNotContainKey("http.response.status_code");
        }

        @Test
        void hostHeaderPortIsTheServerPort() {
            Span span = mapper.map(server().http(http("GET", "/").host("localhost:8080")).build());

            assertThat(Attributes.of(span)).contains(entry("server.address", "localhost"), entry("server.port", 8080L));
        }

        @Test
        void withoutHostHeaderServerIsTheLocalSocket() {
            Span span = mapper.map(server().http(http("GET", "/").version("HTTP/1.0")).build());

            assertThat(Attributes.of(span)).contains(
                    entry("server.address", "10.0.0.1"),
                    entry("server.port", 8080L),
                    entry("network.protocol.version", "1.0"));
        }

        @Test
        void status500IsAnErrorWithTheCodeAsErrorType() {
            Span span = mapper.map(server().http(http("POST", "/orders").status(500)).build());

            assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(span.getStatus().getMessage()).isEmpty();
            assertThat(Attributes.of(span)).contains(
                    entry("http.response.status_code", 500L), entry("error.type", "500"));
        }

        @Test
        void status404IsNotAnErrorOnAServer() {
            Span span = mapper.map(server().http(http("GET", "/missing").status(404)).build());

            assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
            assertThat(Attributes.of(span))
                    .contains(entry("http.response.status_code", 404L))
                    .doesNotContainKey("error.type");
        }

        @Test
        void statusOutsideTheValidRangeIsAnError() {
            Span span = mapper.map(server().http(http("GET", "/").status(999)).build());

            assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(Attributes.of(span)).contains(
                    entry("http.response.status_code", 999L), entry("error.type", "999"));
        }

        @Test
        void sensitiveQueryValuesAreRedacted() {
            Span span = mapper.map(server()
                    .http(http("GET", "/download?file=a.txt&X-Amz-Signature=abc123&token=s3cr3t")).build());

            assertThat(Attributes.of(span)).contains(
                    entry("url.query", "file=a.txt&X-Amz-Signature=REDACTED&token=REDACTED"));
        }

        @Test
        void aCustomRedactorCanRedactEveryValue() {
            SpanMapper all = SpanMapper.builder().queryRedactor(QueryRedactor.allValues()).build();
            Span span = all.map(server().http(http("GET", "/search?q=secret+stuff&page=1")).build());

            assertThat(Attributes.of(span)).contains(entry("url.query", "q=REDACTED&page=REDACTED"));
        }

        @Test
        void absoluteFormTargetGivesPathAndServer() {
            Span span = mapper.map(server().http(http("GET", "http://example.com:8081/a/b?x=1")).build());

            assertThat(Attributes.of(span)).contains(
                    entry("url.path", "/a/b"),
                    entry("url.query", "x=1"),
                    entry("server.address", "example.com"),
                    entry("server.port", 8081L));
        }
    }

    @Nested
    class HttpClient {
        @Test
        void post404IsAnErrorWithUrlFull() {
            Span span = mapper.map(client()
                    .http(http("POST", "/api/items?sig=abc&color=blue").host("api.example.com:8080").status(404)
                            .userAgent("okhttp/4.12"))
                    .build());

            assertThat(span.getName()).isEqualTo("POST");
            assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(Attributes.of(span)).containsExactly(
                    entry("http.request.method", "POST"),
                    entry("url.full", "http://api.example.com:8080/api/items?sig=REDACTED&color=blue"),
                    entry("server.address", "api.example.com"),
                    entry("server.port", 8080L),
                    entry("http.response.status_code", 404L),
                    entry("error.type", "404"),
                    entry("network.protocol.version", "1.1"),
                    entry("network.peer.address", "10.0.0.1"),
                    entry("network.peer.port", 8080L),
                    entry("network.transport", "tcp"));
        }

        @Test
        void withoutHostHeaderUrlFullAndServerUseTheRemoteSocket() {
            Span span = mapper.map(client().http(http("GET", "/health")).build());

            assertThat(Attributes.of(span)).contains(
                    entry("url.full", "http://10.0.0.1:8080/health"),
                    entry("server.address", "10.0.0.1"),
                    entry("server.port", 8080L));
        }

        @Test
        void aHostHeaderWithoutAHostFallsBackToTheSocket() {
            Span span = mapper.map(client().http(http("GET", "/x").host(":80")).build());

            assertThat(Attributes.of(span)).contains(
                    entry("url.full", "http://10.0.0.1:8080/x"),
                    entry("server.address", "10.0.0.1"),
                    entry("server.port", 8080L));
        }

        @Test
        void defaultPortIsLeftOutOfUrlFull() {
            Span span = mapper.map(client().remote("10.0.0.1", 80).http(http("GET", "/")).build());

            assertThat(Attributes.of(span)).contains(entry("url.full", "http://10.0.0.1/"));
        }

        @Test
        void credentialsInAnAbsoluteTargetAreRedacted() {
            Span span = mapper.map(client().remote("10.9.9.9", 3128)
                    .http(http("GET", "http://bob:hunter2@example.com/x")).build());

            assertThat(Attributes.of(span)).contains(
                    entry("url.full", "http://REDACTED:REDACTED@example.com/x"),
                    entry("server.address", "example.com"),
                    entry("server.port", 80L),
                    entry("network.peer.port", 3128L));
        }

        @Test
        void status302IsNotAnError() {
            Span span = mapper.map(client().http(http("GET", "/old").status(302)).build());

            assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
            assertThat(Attributes.of(span)).doesNotContainKey("error.type");
        }

        @Test
        void clientSpansLeaveOutTheOptInServerSideAttributes() {
            Span span = mapper.map(client().http(http("GET", "/x?y=1").userAgent("curl/8")).build());

            assertThat(Attributes.of(span)).doesNotContainKeys(
                    "url.path", "url.query", "url.scheme", "client.address", "user_agent.original");
        }
    }

    @Nested
    class Methods {
        @Test
        void unknownMethodIsOtherAndTheNameIsHttp() {
            Span span = mapper.map(server().http(http("PROPFIND", "/dav/")).build());

            assertThat(span.getName()).isEqualTo("HTTP");
            assertThat(Attributes.of(span)).contains(
                    entry("http.request.method", "_OTHER"),
                    entry("http.request.method_original", "PROPFIND"));
        }

        @Test
        void methodsAreCaseSensitive() {
            Span span = mapper.map(server().http(http("get", "/")).build());

            assertThat(Attributes.of(span)).contains(
                    entry("http.request.method", "_OTHER"),
                    entry("http.request.method_original", "get"));
        }

        @Test
        void knownMethodHasNoOriginal() {
            Span span = mapper.map(server().http(http("DELETE", "/x")).build());

            assertThat(Attributes.of(span))
                    .contains(entry("http.request.method", "DELETE"))
                    .doesNotContainKey("http.request.method_original");
        }

        @Test
        void knownMethodsCanBeReplaced() {
            SpanMapper dav = SpanMapper.builder().knownHttpMethods(List.of("GET", "PROPFIND")).build();

            assertThat(Attributes.of(dav.map(server().http(http("PROPFIND", "/")).build())))
                    .contains(entry("http.request.method", "PROPFIND"));
            assertThat(Attributes.of(dav.map(server().http(http("POST", "/")).build())))
                    .contains(entry("http.request.method", "_OTHER"));
        }

        @Test
        void unknownMethodWithTemplatingIsNamedHttpAndTheTemplate() {
            SpanMapper templating = SpanMapper.builder().pathTemplating(true).build();

            assertThat(templating.map(server().http(http("PURGE", "/cache/123")).build()).getName())
                    .isEqualTo("HTTP /cache/{id}");
        }
    }

    @Nested
    class Templating {
        @Test
        void offByDefaultTheNameIsTheMethodOnly() {
            Span span = mapper.map(server().http(http("GET", "/users/42/orders/7")).build());

            assertThat(span.getName()).isEqualTo("GET");
        }

        @Test
        void onTheNameCarriesTheTemplatedPathWithoutQuery() {
            SpanMapper templating = SpanMapper.builder().pathTemplating(true).build();
            Span span = templating.map(server()
                    .http(http("GET", "/users/42/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301?x=1")).build());

            assertThat(span.getName()).isEqualTo("GET /users/{id}/orders/{id}");
            assertThat(Attributes.of(span)).contains(
                    entry("url.path", "/users/42/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        }

        @Test
        void clientSpansAreTemplatedToo() {
            SpanMapper templating = SpanMapper.builder().pathTemplating(true).build();

            assertThat(templating.map(client().http(http("PUT", "/v1/items/998877")).build()).getName())
                    .isEqualTo("PUT /v1/items/{id}");
        }
    }

    @Nested
    class TraceContext {
        @Test
        void serverSpanJoinsTheCallersTraceAsARemoteChild() {
            Span span = mapper.map(server()
                    .http(http("GET", "/").traceparent(TRACEPARENT).tracestate("congo=t61rcWkgMzE")).build());

            assertThat(hex(span.getTraceId())).isEqualTo(TRACE_ID);
            assertThat(hex(span.getParentSpanId())).isEqualTo(PARENT_ID);
            assertThat(span.getTraceState()).isEqualTo("congo=t61rcWkgMzE");
            assertThat(span.getSpanId().size()).isEqualTo(8);
            assertThat(hex(span.getSpanId())).isNotEqualTo(PARENT_ID).isNotEqualTo("0000000000000000");
            assertThat(span.getFlags()).isEqualTo(0x301); // sampled, has-is-remote, is-remote
        }

        @Test
        void clientSpanIsALocalChildOfTheApplicationsSpan() {
            Span span = mapper.map(client().http(http("GET", "/").traceparent(TRACEPARENT)).build());

            assertThat(hex(span.getTraceId())).isEqualTo(TRACE_ID);
            assertThat(hex(span.getParentSpanId())).isEqualTo(PARENT_ID);
            assertThat(span.getFlags()).isEqualTo(0x101); // sampled, has-is-remote, not remote
        }

        @Test
        void invalidTraceparentIsIgnored() {
            for (String bad : new String[] {
                    "00-" + TRACE_ID.toUpperCase() + "-" + PARENT_ID + "-01",
                    "00-00000000000000000000000000000000-" + PARENT_ID + "-01",
                    "00-" + TRACE_ID + "-0000000000000000-01",
                    "01-" + TRACE_ID + "-" + PARENT_ID + "-01",
                    "00-" + TRACE_ID + "-" + PARENT_ID,
                    "garbage"}) {
                Span span = mapper.map(server()
                        .http(http("GET", "/").traceparent(bad).tracestate("congo=t61rcWkgMzE")).build());

                assertThat(hex(span.getTraceId())).as(bad).isNotEqualTo(TRACE_ID).hasSize(32);
                assertThat(span.getParentSpanId().isEmpty()).as(bad).isTrue();
                assertThat(span.getTraceState()).as(bad).isEmpty();
            }
        }

        @Test
        void withoutTraceparentIdsAreRandomAndNonZero() {
            Span a = mapper.map(server().http(http("GET", "/")).build());
            Span b = mapper.map(server().http(http("GET", "/")).build());

            assertThat(a.getTraceId().size()).isEqualTo(16);
            assertThat(a.getSpanId().size()).isEqualTo(8);
            assertThat(a.getTraceId()).isNotEqualTo(b.getTraceId());
            assertThat(a.getSpanId()).isNotEqualTo(b.getSpanId());
            assertThat(a.getParentSpanId().isEmpty()).isTrue();
            assertThat(a.getFlags()).isEqualTo(0x101);
        }
    }

    @Nested
    class Outcomes {
        @Test
        void timeoutIsAnErrorWithADescription() {
            Span span = mapper.map(server().noResponse().outcome(Outcome.TIMEOUT)
                    .http(http("GET", "/slow").status(0)).build());

            assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(span.getStatus().getMessage()).isEqualTo("no response within the timeout");
            assertThat(Attributes.of(span)).contains(entry("error.type", "timeout"));
        }

        @Test
        void connectionClosedMidResponseWinsOverTheStatusCode() {
            Span span = mapper.map(client().outcome(Outcome.CONNECTION_CLOSED)
                    .http(http("GET", "/big").status(500)).build());

            assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(span.getStatus().getMessage()).contains("connection closed");
            assertThat(Attributes.of(span)).contains(
                    entry("error.type", "connection_closed"), entry("http.response.status_code", 500L));
        }

        @Test
        void opaqueTimeoutIsAnErrorToo() {
            Span span = mapper.map(client().remote("10.0.0.5", 6379).noResponse().outcome(Outcome.TIMEOUT).build());

            assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(Attributes.of(span)).contains(entry("error.type", "timeout"));
        }

        @Test
        void oneWayIsNotAnError() {
            Span span = mapper.map(client().udp().remote("10.0.0.5", 514).noResponse().outcome(Outcome.ONE_WAY).build());

            assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
            assertThat(Attributes.of(span)).doesNotContainKey("error.type");
        }
    }

    @Nested
    class UnknownProtocol {
        @Test
        void namedForTheServerWithByteCounts() {
            Span span = mapper.map(client().local("127.0.0.1", 51000).remote("127.0.0.1", 6379)
                    .bytes(31, 5).details(ProtocolDetails.OPAQUE).build());

            assertThat(span.getName()).isEqualTo("127.0.0.1:6379");
            assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(Attributes.of(span)).containsExactly(
                    entry("server.address", "127.0.0.1"),
                    entry("server.port", 6379L),
                    entry("sockscope.request.bytes", 31L),
                    entry("sockscope.response.bytes", 5L),
                    entry("network.peer.address", "127.0.0.1"),
                    entry("network.peer.port", 6379L),
                    entry("network.transport", "tcp"));
        }

        @Test
        void serverSideIsNamedForTheLocalEnd() {
            Span span = mapper.map(server().local("10.0.0.1", 5432).remote("10.0.0.9", 40000).build());

            assertThat(span.getName()).isEqualTo("10.0.0.1:5432");
            assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(Attributes.of(span)).contains(
                    entry("server.address", "10.0.0.1"),
                    entry("server.port", 5432L),
                    entry("network.peer.address", "10.0.0.9"),
                    entry("network.peer.port", 40000L));
        }

        @Test
        void udpTransport() {
            Span span = mapper.map(client().udp().remote("10.0.0.53", 53).build());

            assertThat(span.getName()).isEqualTo("10.0.0.53:53");
            assertThat(Attributes.of(span)).contains(entry("network.transport", "udp"));
        }

        @Test
        void unknownAddressStillNamesThePort() {
            Span span = mapper.map(client().remote(new Endpoint(null, 6379)).build());

            assertThat(span.getName()).isEqualTo("?:6379");
            assertThat(Attributes.of(span))
                    .contains(entry("server.port", 6379L))
                    .doesNotContainKeys("server.address", "network.peer.address", "network.peer.port");
        }

        @Test
        void traceparentIsOnlyReadFromHttp() {
            Span span = mapper.map(client().remote("10.0.0.1", 6379).build());

            assertThat(span.getParentSpanId().isEmpty()).isTrue();
        }
    }

    @Nested
    class Ipv6 {
        @Test
        void httpServerAddressesAreCanonical() {
            Span span = mapper.map(server().local("::1", 8080).remote("2001:db8:0:0:0:0:0:7", 50000)
                    .http(http("GET", "/")).build());

            assertThat(Attributes.of(span)).contains(
                    entry("server.address", "::1"),
                    entry("client.address", "2001:db8::7"),
                    entry("network.peer.address", "2001:db8::7"));
        }

        @Test
        void opaqueNameBracketsTheAddress() {
            Span span = mapper.map(client().local("::1", 50000).remote("::1", 6379).build());

            assertThat(span.getName()).isEqualTo("[::1]:6379");
            assertThat(Attributes.of(span)).contains(entry("server.address", "::1"));
        }

        @Test
        void clientUrlFullBracketsTheAddress() {
            Span span = mapper.map(client().local("fe80::2", 50000).remote("fe80::1", 8080)
                    .http(http("GET", "/x")).build());

            assertThat(Attributes.of(span)).contains(
                    entry("url.full", "http://[fe80::1]:8080/x"),
                    entry("server.address", "fe80::1"));
        }

        @Test
        void hostHeaderWithIpv6Literal() {
            Span span = mapper.map(server().local("::1", 8080).http(http("GET", "/").host("[::1]:8080")).build());

            assertThat(Attributes.of(span)).contains(entry("server.address", "::1"), entry("server.port", 8080L));
        }
    }

    @Nested
    class Kind {
        @Test
        void unknownRoleWithALowerRemotePortIsAClient() {
            Span span = mapper.map(server().role(Role.UNKNOWN).local("10.0.0.2", 45000).remote("10.0.0.1", 5432).build());

            assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(span.getName()).isEqualTo("10.0.0.1:5432");
        }

        @Test
        void unknownRoleWithALowerLocalPortIsAServer() {
            Span span = mapper.map(server().role(Role.UNKNOWN).local("10.0.0.1", 5432).remote("10.0.0.2", 45000).build());

            assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(span.getName()).isEqualTo("10.0.0.1:5432");
        }

        @Test
        void unknownRoleWithUnknownPortsIsAServer() {
            Span span = mapper.map(server().role(Role.UNKNOWN).local("10.0.0.1", 5000).remote(new Endpoint(null, 0)).build());

            assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        }
    }

    @Nested
    class Network {
        @Test
        void localAttributesAreOptIn() {
            Exchange e = server().http(http("GET", "/")).build();

            assertThat(Attributes.of(mapper.map(e))).doesNotContainKeys("network.local.address", "network.local.port");
            assertThat(Attributes.of(SpanMapper.builder().networkLocalAttributes(true).build().map(e))).contains(
                    entry("network.local.address", "10.0.0.1"), entry("network.local.port", 8080L));
        }

        @Test
        void unknownTransportIsLeftOut() {
            Exchange e = server().build();
            Exchange raw = new Exchange(e.connectionId(), e.role(), e.protocol(), e.local(), e.remote(), 255,
                    e.pid(), e.tid(), e.cgroupId(), e.netns(), e.process(), e.requestStartNanos(),
                    e.requestEndNanos(), e.responseStartNanos(), e.responseEndNanos(), e.requestBytes(),
                    e.responseBytes(), e.outcome(), e.details());

            assertThat(Attributes.of(mapper.map(raw))).doesNotContainKey("network.transport");
        }
    }

    @Nested
    class Garbage {
        @Test
        void nullsEverywhereStillMakeASpan() {
            Exchange e = new Exchange(1, Role.UNKNOWN, null, null, null, 0, 1, 1, 0, 0, null,
                    5, 4, 0, 0, 0, 0, null, null);

            Span span = mapper.map(e);

            assertThat(span.getName()).isEqualTo("unknown");
            assertThat(span.getEndTimeUnixNano()).isEqualTo(span.getStartTimeUnixNano());
        }

        @Test
        void httpWithNullFieldsStillMakesASpan() {
            HttpDetails empty = new HttpDetails(null, null, null, null, null, 0, 0, 0, null, null);

            Span span = mapper.map(server().details(empty).build());

            assertThat(span.getName()).isEqualTo("HTTP");
            assertThat(Attributes.of(span)).contains(entry("http.request.method", "_OTHER"))
                    .doesNotContainKeys("http.request.method_original", "url.path", "network.protocol.version");
        }

        @Test
        void oddTargetsAndHostsDoNotThrow() {
            SpanMapper templating = SpanMapper.builder().pathTemplating(true).build();
            for (String target : new String[] {"*", "?", "??", "/?", "http://", "http://@", "https://[::1",
                    "example.com:443", "%", "/%zz/%", "//", "/a//b/", "\u00ff\u0000"}) {
                for (String host : new String[] {null, "", ":", "[", "[]:80", "a:99999", "@", " "}) {
                    for (boolean isClient : new boolean[] {true, false}) {
                        Exchanges.Builder b = isClient ? client() : server();
                        Span span = templating.map(b.http(http("CONNECT", target).host(host)).build());
                        assertThat(span.getName()).as(target + " " + host).startsWith("CONNECT");
                    }
                }
            }
        }
    }

    @Test
    void theSameExchangeMapsToTheSameAttributes() {
        Exchange e = server().http(http("GET", "/a?b=c").host("h")).build();

        Map<String, Object> first = Attributes.of(mapper.map(e));

        assertThat(Attributes.of(mapper.map(e))).isEqualTo(first);
        assertThat(Set.copyOf(first.keySet())).hasSize(first.size());
    }
}
