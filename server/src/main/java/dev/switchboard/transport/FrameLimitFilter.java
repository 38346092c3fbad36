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
    /** The most bytes of one read handed to Tyrus at once. */
    static final int CHUNK = 64 * 1024;

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
        // Tyrus holds a partial frame plus what it is handed, and refuses more than its buffer (1011
        // "Buffer overflow"); one read may be far larger than the read buffer asked for (949 KB was
        // seen), so it is handed a chunk at a time and the rest comes back here as a remainder
        Buffer rest = bytes.remaining() > CHUNK ? bytes.split(bytes.position() + CHUNK) : null;
        int remaining = bytes.remaining();
        long now = clock.read();
        int passed = inbound.scan(bytes, now);
        if (rest != null && inbound.isDiscarding()) {
            inbound.scan(rest, now); // nothing more for Tyrus, but the peer's close frame may be in it
            rest = null;
        }
        if (passed == 0 && remaining > 0) {
            return ctx.getStopAction(); // the connection is closing: all of it is dropped
        }
        if (passed < remaining) {
            bytes.limit(bytes.position() + passed);
        }
        return rest == null ? ctx.getInvokeAction()
                : ctx.getInvokeAction(HttpContent.builder(content.getHttpHeader()).content(rest).build());
    }
}
