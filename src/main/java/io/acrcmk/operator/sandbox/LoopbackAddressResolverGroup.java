package io.acrcmk.operator.sandbox;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * A Netty resolver that maps {@code localhost}, every {@code *.localhost} name and 127.0.0.1 to
 * 127.0.0.1 and rejects every other name, so a client built for the simulator cannot reach any
 * other address even when a URL is misconfigured.
 */
final class LoopbackAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

  static final LoopbackAddressResolverGroup INSTANCE = new LoopbackAddressResolverGroup();

  private static final InetAddress LOOPBACK = loopback();

  private LoopbackAddressResolverGroup() {}

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    return new InetSocketAddressResolver(executor, new LoopbackNameResolver(executor));
  }

  /** Returns 127.0.0.1 for a loopback name, or throws for any other. */
  static InetAddress loopbackFor(String host) throws UnknownHostException {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.equals("localhost") || name.endsWith(".localhost") || name.equals("127.0.0.1")) {
      return LOOPBACK;
    }
    throw new UnknownHostException(
        host + ": the simulator client resolves only localhost, *.localhost and 127.0.0.1");
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot build the loopback address", e);
    }
  }

  private static final class LoopbackNameResolver extends InetNameResolver {

    LoopbackNameResolver(EventExecutor executor) {
      super(executor);
    }

    @Override
    protected void doResolve(String host, Promise<InetAddress> promise) {
      try {
        promise.setSuccess(loopbackFor(host));
      } catch (UnknownHostException e) {
        promise.setFailure(e);
      }
    }

    @Override
    protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
      try {
        promise.setSuccess(List.of(loopbackFor(host)));
      } catch (UnknownHostException e) {
        promise.setFailure(e);
      }
    }
  }
}
