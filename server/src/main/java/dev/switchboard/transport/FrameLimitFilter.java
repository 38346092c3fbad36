package dev.switchboard.transport;

import com.github.benmanes.caffeine.cache.Ticker;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;

/**
 * A Grizzly filter just before Tyrus's: every read of an open WebSocket passes its connection's
 * {@link InboundFrames} first, which lets through the bytes up to a frame or message too large for
 * {@code max-frame-bytes} and drops the rest. Tyrus would otherwise buffer a frame whole (up to its
 * own 4 MiB limit) before anyone could look at its size.
 *
 * <p>Concurrency: Grizzly runs {@link #handleRead} on the connection's selector thread, one read at a
 * time per connection; {@link #watch} runs on the same thread, during the handshake.
 */
final class FrameLimitFilter extends BaseFilter {

    private final Attribute<InboundFrames> frames = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
            FrameLimitFilter.class.getName() + ".frames");
    private final Ticker clock;

    FrameLimitFilter(Ticker clock) {
        this.clock = clock;
    }

    /** From now on, the reads of {@code tcp} (an upgraded WebSocket) go through {@code inbound}. */
    void watch(Connection<?> tcp, InboundFrames inbound) {
        frames.set(tcp, inbound);
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        InboundFrames inbound = frames.get(ctx.getConnection());
        if (inbound == null || !(ctx.getMessage() instanceof HttpContent content)) {
            return ctx.getInvokeAction(); // plain HTTP, or the handshake itself
        }
        Buffer bytes = content.getContent();
        int remaining = bytes.remaining();
        int passed = inbound.scan(bytes, clock.read());
        if (passed == 0 && remaining > 0) {
            return ctx.getStopAction();
        }
        if (passed < remaining) {
            bytes.limit(bytes.position() + passed);
        }
        return ctx.getInvokeAction();
    }
}
