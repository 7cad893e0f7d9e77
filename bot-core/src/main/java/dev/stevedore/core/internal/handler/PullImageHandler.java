package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.PullImage;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.PullResult;
import dev.stevedore.core.reply.Reply;

/** {@code pull}: downloads an image; success is decided by the local image store, never by a progress message. */
public final class PullImageHandler implements CommandHandler<PullImage> {
    private final ContainerGateway engine;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     */
    public PullImageHandler(ContainerGateway engine) {
        this.engine = engine;
    }

    @Override
    public Class<PullImage> type() {
        return PullImage.class;
    }

    @Override
    public Reply handle(PullImage command, HandlerContext context) {
        PullResult r = engine.pull(command.image(), line -> { });
        String id = r.imageId().startsWith("sha256:") ? r.imageId().substring(7, Math.min(19, r.imageId().length()))
                : r.imageId();
        return r.upToDate()
                ? Reply.info("image is up to date: " + r.reference() + " (" + id + ")")
                : Reply.success("pulled " + r.reference() + " (" + id + ")" + context.byWhom());
    }
}
