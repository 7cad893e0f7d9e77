package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.PullImage;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.PullResult;
import dev.stevedore.core.internal.stream.PullStream;
import dev.stevedore.core.reply.Reply;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code pull}: downloads an image; success is decided by the local image store, never by a progress message. */
public final class PullImageHandler implements CommandHandler<PullImage> {
    /** How long a pull may take and still be answered with one plain reply. */
    static final Duration QUICK_ANSWER = Duration.ofSeconds(3);
    private final ContainerGateway engine;
    private final Streams streams;
    private final Duration quickAnswer;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     * @param streams stream settings (time limit of the live view, scheduler)
     */
    public PullImageHandler(ContainerGateway engine, Streams streams) {
        this(engine, streams, QUICK_ANSWER);
    }

    /**
     * Creates the handler with another quick-answer limit, for tests.
     *
     * @param engine the engine
     * @param streams stream settings (time limit of the live view, scheduler)
     * @param quickAnswer how long to wait before showing the pull live
     */
    public PullImageHandler(ContainerGateway engine, Streams streams, Duration quickAnswer) {
        this.engine = engine;
        this.streams = streams;
        this.quickAnswer = quickAnswer;
    }

    @Override
    public Class<PullImage> type() {
        return PullImage.class;
    }

    @Override
    public Reply handle(PullImage command, HandlerContext context) {
        PullStream pull = PullStream.begin(command.image(), progress -> engine.pull(command.image(), progress),
                r -> outcome(r, context).plainText(), streams.maxDuration(), streams.scheduler());
        try {
            // most pulls answer at once (cached layers, a near registry): then one plain reply, as before
            return outcome(pull.result().get(quickAnswer.toMillis(), TimeUnit.MILLISECONDS), context);
        } catch (TimeoutException e) {
            // a long pull: show per-layer progress live; the final line says how it ended
            return Reply.info("pulling " + command.image() + " — progress follows").withStream(pull);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.stevedore.core.error.EngineUnavailableException("interrupted while pulling", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("pull failed", e.getCause());
        }
    }

    private static Reply outcome(PullResult r, HandlerContext context) {
        String id = r.imageId().startsWith("sha256:") ? r.imageId().substring(7, Math.min(19, r.imageId().length()))
                : r.imageId();
        return r.upToDate()
                ? Reply.info("image is up to date: " + r.reference() + " (" + id + ")")
                : Reply.success("pulled " + r.reference() + " (" + id + ")" + context.byWhom());
    }
}
