package io.sockscope.semconv.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class IpTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "127.0.0.1, 127.0.0.1",
            "0:0:0:0:0:0:0:1, ::1",
            "0:0:0:0:0:0:0:0, ::",
            "2001:DB8:0:0:0:0:2:1, 2001:db8::2:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "fe80:0:0:0:0:0:0:0, fe80::",
            "0:0:0:0:0:0:1:0, ::1:0",
            "::ffff:10.1.2.3, 10.1.2.3"})
    void rfc5952(String in, String out) throws Exception {
        assertThat(IpText.format(InetAddress.getByName(in))).isEqualTo(out);
    }

    @Test
    void hostPort() throws Exception {
        assertThat(IpText.hostPort(InetAddress.getByName("::1"), 6379)).isEqualTo("[::1]:6379");
        assertThat(IpText.hostPort(InetAddress.getByName("10.0.0.1"), 80)).isEqualTo("10.0.0.1:80");
        assertThat(IpText.hostPort(null, 80)).isEqualTo("?:80");
        assertThat(IpText.format(null)).isNull();
    }

    /** Recently formatted text is reused, and addresses that share a slot or a host name never mix. */
    @Test
    void manyAddressesEachGetTheirOwnText() throws Exception {
        for (int round = 0; round < 2; round++) {
            for (int i = 1; i <= 5000; i++) {
                byte[] v4 = {10, (byte) (i >> 8), (byte) i, 7};
                assertThat(IpText.format(InetAddress.getByAddress(v4))).isEqualTo("10." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".7");
                byte[] v6 = new byte[16];
                v6[0] = (byte) 0xfd;
                v6[14] = (byte) (i >> 8);
                v6[15] = (byte) i;
                assertThat(IpText.format(InetAddress.getByAddress(v6))).isEqualTo("fd00::" + Integer.toHexString(i));
            }
        }
        InetAddress named = InetAddress.getByAddress("db.internal", new byte[] {10, 0, 0, 9});
        assertThat(IpText.format(named)).isEqualTo("10.0.0.9");
        assertThat(IpText.format(InetAddress.getByAddress(new byte[] {10, 0, 0, 9}))).isSameAs(IpText.format(named));
    }

    @Test
    void transports() {
        assertThat(Transports.name(6)).isEqualTo("tcp");
        assertThat(Transports.name(17)).isEqualTo("udp");
        assertThat(Transports.name(1)).isNull();
    }
}
