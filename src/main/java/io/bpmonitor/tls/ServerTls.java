package io.bpmonitor.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

import io.bpmonitor.config.InvalidSettingException;
import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import org.apache.camel.support.jsse.ClientAuthentication;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * The SSL parameters of one of bp-monitor's servers (the HTTP server, the MLLP listener), from three settings of its
 * own: a key store, its password, and optionally a PEM file of the CAs whose client certificates it requires.
 *
 * @param keystore the key store setting; unset means no TLS
 * @param password its password
 * @param clientCa the CAs of mutual TLS; needs the key store
 */
public record ServerTls(Setting keystore, Setting password, Setting clientCa) {

    /** The parameters, or empty when the key store is unset; a client CA without a key store is refused. */
    public Optional<SSLContextParameters> parameters(Settings settings) {
        Optional<String> store = settings.optional(keystore);
        Optional<String> cas = settings.optional(clientCa);
        if (cas.isPresent() && store.isEmpty()) {
            throw new InvalidSettingException(keystore,
                    "the server's key store when " + clientCa.name() + " asks clients for certificates", "");
        }
        if (store.isEmpty()) {
            return Optional.empty();
        }
        SSLContextParameters tls = new SSLContextParameters();
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(store(store.get(), settings.text(password)));
        keys.setKeyPassword(settings.text(password));
        tls.setKeyManagers(keys);
        if (cas.isPresent()) {
            tls.setTrustManagers(trusting(cas.get()));
            // honoured by servers whose sockets Camel makes from these parameters (the MLLP listener)
            SSLContextServerParameters server = new SSLContextServerParameters();
            server.setClientAuthentication(ClientAuthentication.REQUIRE.name());
            tls.setServerParameters(server);
        }
        return Optional.of(tls);
    }

    private static KeyStoreParameters store(String path, String password) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + path);
        store.setPassword(password);
        store.setType(path.endsWith(".jks") ? "JKS" : "PKCS12");
        return store;
    }

    private TrustManagersParameters trusting(String caPem) {
        KeyStoreParameters cas = new KeyStoreParameters();
        try {
            cas.setKeyStore(PemCertificates.trustStore(Path.of(caPem)));
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidSettingException(clientCa, "a PEM file of CA certificates", caPem);
        }
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(cas);
        return trust;
    }
}
