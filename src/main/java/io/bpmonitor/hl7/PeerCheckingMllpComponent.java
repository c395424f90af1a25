package io.bpmonitor.hl7;

import java.io.IOException;
import java.net.Socket;
import java.util.Map;

import io.bpmonitor.config.Setting;
import io.bpmonitor.config.Settings;
import io.bpmonitor.tls.ServerTls;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpConfiguration;
import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.component.mllp.MllpTcpServerConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-mllp with {@code BP_HL7_ALLOWED_PEERS}: a connection from any other address is closed as soon as it is
 * accepted, before a byte (or a TLS handshake) is read. camel-mllp has no such option; its consumer's
 * {@code validateConsumer} is where each accepted socket enters, so this component's consumer checks there.
 */
public class PeerCheckingMllpComponent extends MllpComponent {

    private static final Logger LOG = LoggerFactory.getLogger(PeerCheckingMllpComponent.class);

    private static final ServerTls TLS = new ServerTls(Setting.BP_HL7_KEYSTORE, Setting.BP_HL7_KEYSTORE_PASSWORD,
            Setting.BP_HL7_CLIENT_CA);

    private final AllowedPeers allowed;

    public PeerCheckingMllpComponent(AllowedPeers allowed) {
        this.allowed = allowed;
    }

    /** The listener the settings describe: its allowed peers, and TLS (mutual with a client CA) when configured. */
    public static PeerCheckingMllpComponent from(Settings settings) {
        PeerCheckingMllpComponent component = new PeerCheckingMllpComponent(
                AllowedPeers.parse(settings.text(Setting.BP_HL7_ALLOWED_PEERS)));
        MllpConfiguration configuration = new MllpConfiguration();
        TLS.parameters(settings).ifPresent(configuration::setSslContextParameters);
        // a restarted listener binds again while its last connections are in TIME_WAIT
        configuration.setReuseAddress(true);
        component.setConfiguration(configuration);
        // camel-mllp's own log lines (a frame cut short, a timeout) would quote the message: health data
        component.setLogPhi(false);
        return component;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        MllpEndpoint configured = (MllpEndpoint) super.createEndpoint(uri, remaining, parameters);
        MllpEndpoint checking = new MllpEndpoint(uri, this, configured.getConfiguration()) {
            @Override
            public Consumer createConsumer(Processor processor) throws Exception {
                Consumer consumer = new MllpTcpServerConsumer(this, processor) {
                    @Override
                    public void validateConsumer(Socket socket) {
                        if (allowed.allows(socket.getInetAddress())) {
                            super.validateConsumer(socket);
                        } else {
                            disconnect(socket);
                        }
                    }
                };
                configureConsumer(consumer);
                return consumer;
            }
        };
        checking.setHostname(configured.getHostname());
        checking.setPort(configured.getPort());
        return checking;
    }

    private void disconnect(Socket socket) {
        // the address is the operator's to see (which device is misconfigured); nothing it sent has been read
        LOG.warn("MLLP connection from {} refused: not in BP_HL7_ALLOWED_PEERS", socket.getInetAddress().getHostAddress());
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing a refused MLLP connection: {}", e.getClass().getSimpleName());
        }
    }
}
