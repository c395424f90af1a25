package io.bpmonitor.hl7;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import io.bpmonitor.config.InvalidSettingException;
import io.bpmonitor.config.Setting;

/**
 * {@code BP_HL7_ALLOWED_PEERS}: the addresses and CIDR blocks monitors may connect from. Written as IP literals only,
 * so checking a peer never asks a name server.
 */
public final class AllowedPeers {

    private record Block(byte[] network, int prefixBits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = address.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefixBits).subtract(BigInteger.ONE));
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }

    private final List<Block> blocks;

    private AllowedPeers(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** @throws InvalidSettingException naming the setting when an entry is not an IP address or CIDR block */
    public static AllowedPeers parse(String value) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : value.split(",")) {
            String trimmed = entry.trim();
            if (!trimmed.isEmpty()) {
                blocks.add(block(trimmed, value));
            }
        }
        if (blocks.isEmpty()) {
            throw invalid(value);
        }
        return new AllowedPeers(blocks);
    }

    private static Block block(String entry, String value) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        // a literal only: letters other than hex digits (a host name) are refused before InetAddress could resolve them
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            throw invalid(value);
        }
        try {
            byte[] network = InetAddress.getByName(address).getAddress();
            int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            if (prefix < 0 || prefix > network.length * 8) {
                throw invalid(value);
            }
            return new Block(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw invalid(value);
        }
    }

    private static InvalidSettingException invalid(String value) {
        return new InvalidSettingException(Setting.BP_HL7_ALLOWED_PEERS,
                "IP addresses or CIDR blocks, comma-separated (127.0.0.1,10.20.0.0/16,::1)", value);
    }

    public boolean allows(InetAddress peer) {
        byte[] address = peer.getAddress();
        return blocks.stream().anyMatch(block -> block.contains(address));
    }
}
