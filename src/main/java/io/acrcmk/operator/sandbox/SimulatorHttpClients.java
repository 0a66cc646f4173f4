package io.acrcmk.operator.sandbox;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.util.Configuration;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Builds the azure-core HTTP client that talks to the simulator: Netty, trusting only the
 * simulator's certificate, resolving only loopback names and ignoring proxy settings from the
 * environment.
 */
final class SimulatorHttpClients {

  private SimulatorHttpClients() {}

  static HttpClient netty(SimulatorTls tls, Duration readTimeout) {
    SslContext ssl;
    try {
      ssl = SslContextBuilder.forClient().trustManager(tls.certificate()).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the client TLS context", e);
    }
    reactor.netty.http.client.HttpClient reactorClient =
        reactor.netty.http.client.HttpClient.create()
            .resolver(LoopbackAddressResolverGroup.INSTANCE)
            .secure(spec -> spec.sslContext(ssl));
    return new NettyAsyncHttpClientBuilder(reactorClient)
        // An empty configuration keeps HTTPS_PROXY and similar variables from routing loopback
        // traffic through a proxy.
        .configuration(Configuration.NONE)
        .connectTimeout(Duration.ofSeconds(5))
        .responseTimeout(readTimeout)
        .readTimeout(readTimeout)
        .writeTimeout(readTimeout)
        .build();
  }
}
