package io.sockscope.receiver.protocol.opaque;

import io.sockscope.bpf.Direction;
import io.sockscope.bpf.Role;
import io.sockscope.bpf.SocketCall;
import io.sockscope.receiver.Conversation;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.ProtocolDetails;
import io.sockscope.receiver.Recorder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Protocol-independent pairing: a run of bytes one way, then a run back, is one exchange. */
class OpaquePairingTest {
    private static final long SECOND = 1_000_000_000L;
    private final Recorder r = new Recorder();

    @Test
    void echoProtocolGivesOneExchangePerTurn() {
        Conversation c = Conversation.client(1);
        r.feed(c.connect());
        for (int i = 1; i <= 3; i++) {
            r.feed(c.send("PING " + i + "\n"), c.recv("PING " + i + "\n"));
        }
        // The next request ends the previous exchange; the last one ends with the close.
        assertThat(r.exchanges).hasSize(2);
        r.feed(c.close());
        assertThat(r.exchanges).hasSize(3);
        for (Exchange x : r.exchanges) {
            assertThat(x.protocol()).isEqualTo(Protocol.UNKNOWN);
            assertThat(x.details()).isEqualTo(ProtocolDetails.OPAQUE);
            assertThat(x.outcome()).isEqualTo(Outcome.COMPLETE);
            assertThat(x.role()).isEqualTo(Role.CLIENT);
            assertThat(x.requestBytes()).isEqualTo(7);
            assertThat(x.responseBytes()).isEqualTo(7);
        }
    }

    @Test
    void runsOfSeveralSyscallsAreOneMessageEach() {
        Conversation s = Conversation.server(2);
        r.feed(s.accept());
        long reqStart = s.now();
        r.feed(s.recv("*3\r\n$3\r\nSET\r\n"), s.recv("$1\r\nk\r\n"));
        long reqEnd = s.now() - Conversation.STEP;
        long respStart = s.now();
        r.feed(s.send("+O"), s.send("K"), s.send("\r\n"));
        long respEnd = s.now() - Conversation.STEP;
        r.feed(s.recv("*1\r\n$4\r\nPING\r\n"));
        Exchange x = r.only();
        assertThat(x.requestStartNanos()).isEqualTo(reqStart);
        assertThat(x.requestEndNanos()).isEqualTo(reqEnd);
        assertThat(x.responseStartNanos()).isEqualTo(respStart);
        assertThat(x.responseEndNanos()).isEqualTo(respEnd);
        assertThat(x.requestBytes()).isEqualTo(20);
        assertThat(x.responseBytes()).isEqualTo(5);
        assertThat(x.role()).isEqualTo(Role.SERVER);
    }

    @Test
    void aResponseEndsAfterTheQuietTime() {
        Conversation c = Conversation.client(3);
        r.feed(c.connect(), c.send("HELLO\n"), c.recv("WORLD\n"));
        long last = c.now() - Conversation.STEP;
        r.assembler.onPoll(last + SECOND - 1);
        assertThat(r.exchanges).isEmpty();
        r.assembler.onPoll(last + SECOND);
        assertThat(r.only().outcome()).isEqualTo(Outcome.COMPLETE);
    }

    @Test
    void anUnansweredRequestTimesOut() {
        Conversation c = Conversation.client(4);
        r.feed(c.connect(), c.send("STATUS\n"));
        long last = c.now() - Conversation.STEP;
        r.assembler.onPoll(last + 10 * SECOND - 1);
        assertThat(r.exchanges).isEmpty();
        r.assembler.onPoll(last + 10 * SECOND);
        Exchange x = r.only();
        assertThat(x.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(x.responseStartNanos()).isZero();
        assertThat(x.responseBytes()).isZero();
    }

    @Test
    void closeMidExchange() {
        Conversation c = Conversation.client(5);
        r.feed(c.connect(), c.send("LONG QUERY\n"), c.close());
        assertThat(r.only().outcome()).isEqualTo(Outcome.CONNECTION_CLOSED);
        assertThat(r.assembler.connectionsLive()).isZero();
    }

    @Test
    void serverGreetingWithoutRequestIsCountedNotEmitted() {
        Conversation c = Conversation.client(6);
        r.feed(c.connect(), c.recv("220 mail.example.com ESMTP Postfix\r\n"), c.send("EHLO me\r\n"),
                c.recv("250-mail.example.com\r\n"), c.send("QUIT\r\n"), c.recv("221 Bye\r\n"), c.close());
        assertThat(r.exchanges).hasSize(2);
        assertThat(r.assembler.orphanResponses()).isEqualTo(1);
    }

    @Test
    void udpQueryAndAnswerPair() {
        Conversation c = Conversation.client(7).udp();
        r.feed(c.send(new byte[] {0x12, 0x34, 1, 0, 0, 1}), c.recv(new byte[] {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, 1, 0, 1}));
        r.assembler.onPoll(c.now() + SECOND);
        Exchange x = r.only();
        assertThat(x.transport()).isEqualTo(17);
        assertThat(x.role()).isEqualTo(Role.CLIENT);
        assertThat(x.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(x.requestBytes()).isEqualTo(6);
        assertThat(x.responseBytes()).isEqualTo(8);
        assertThat(x.remote().port()).isEqualTo(Conversation.SERVER_PORT);
    }

    @Test
    void unansweredDatagramIsOneWay() {
        Conversation c = Conversation.client(8).udp();
        r.feed(c.send("deploys:1|c"));
        r.assembler.onPoll(c.now() + 10 * SECOND);
        assertThat(r.only().outcome()).isEqualTo(Outcome.ONE_WAY);
    }

    @Test
    void udpServerFirstDatagramInIsTheRequest() {
        Conversation s = Conversation.server(9).udp();
        r.feed(s.recv("query"), s.send("answer"), s.recv("query2"));
        Exchange x = r.only();
        assertThat(x.role()).isEqualTo(Role.SERVER);
        assertThat(x.requestBytes()).isEqualTo(5);
        assertThat(x.responseBytes()).isEqualTo(6);
    }

    @Test
    void udpReceiveWithoutPeerAddressTakesThePeerOfTheAnswer() {
        Conversation s = Conversation.server(10).udp();
        r.feed(s.data(Direction.INGRESS, "q".getBytes(), 1, SocketCall.RECVMSG));
        r.feed(s.send("a"));
        r.assembler.onPoll(s.now() + SECOND);
        assertThat(r.only().remote().address()).isEqualTo(Conversation.CLIENT_IP);
    }

    @Test
    void connectionOpenedBeforeSockscopeIsPickedUpMidBodyAndRecognisedAtTheNextRequest() {
        Conversation c = Conversation.client(11).roleUnseen();
        // First bytes seen: the middle of a response body.
        r.feed(c.recv("...tail of a body from before we started"));
        r.feed(c.send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n"), c.recv("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        assertThat(r.exchanges).hasSize(1);
        assertThat(r.only().protocol()).isEqualTo(Protocol.HTTP1);
        assertThat(r.only().role()).isEqualTo(Role.CLIENT);
    }

    @Test
    void anOpaqueConnectionSwitchesToHttpWhenARequestIsRecognised() {
        Conversation s = Conversation.server(12).roleUnseen();
        r.feed(s.recv("\u0000partial body of an upload\u0000"), s.send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
                s.recv("GET /x HTTP/1.1\r\nHost: a\r\n\r\n"), s.send("HTTP/1.1 204 No Content\r\n\r\n"));
        assertThat(r.exchanges).extracting(Exchange::protocol).containsExactly(Protocol.UNKNOWN, Protocol.HTTP1);
    }
}
