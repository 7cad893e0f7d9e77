package dev.stevedore.core.testing;

import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.port.MessageSink;
import dev.stevedore.core.reply.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link MessageSink} that records every post and edit, for asserting on what the core sent outside command replies
 * (exit alerts, crash-loop updates). Message ids are {@code m1}, {@code m2}, … Futures complete at once.
 *
 * <p>Thread-safe. {@link #failPosts(boolean)} makes later posts complete exceptionally, as a broken platform would.
 */
public final class RecordingMessageSink implements MessageSink {
    /** One posted message with its content history. */
    public static final class Message {
        private final MessageRef ref;
        private final List<Reply> versions = new ArrayList<>();
        private final Instant postedAt;

        Message(MessageRef ref, Reply first) {
            this.ref = ref;
            this.versions.add(first);
            this.postedAt = Instant.now();
        }

        /** @return the message reference */
        public MessageRef ref() {
            return ref;
        }

        /** @return where it was posted */
        public ConversationRef conversation() {
            return ref.conversation();
        }

        /** @return what it shows now */
        public synchronized Reply current() {
            return versions.get(versions.size() - 1);
        }

        /** @return its plain text now */
        public String text() {
            return current().plainText();
        }

        /** @return what it was posted with */
        public synchronized Reply first() {
            return versions.get(0);
        }

        /** @return how many times it was edited */
        public synchronized int edits() {
            return versions.size() - 1;
        }

        /** @return every version, first the posted one */
        public synchronized List<Reply> versions() {
            return List.copyOf(versions);
        }

        /** @return when it was posted, by the system clock (for latency measurements) */
        public Instant postedAt() {
            return postedAt;
        }

        synchronized void edit(Reply r) {
            versions.add(r);
        }

        @Override
        public String toString() {
            return ref.messageId() + "@" + ref.conversation().channelId() + ": " + text().replace('\n', '|');
        }
    }

    private final Map<String, Message> messages = new LinkedHashMap<>(); // guarded by this
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean failPosts;
    private int edits; // guarded by this

    @Override
    public CompletableFuture<MessageRef> post(ConversationRef where, Reply reply) {
        if (failPosts) {
            return CompletableFuture.failedFuture(new IllegalStateException("platform down (test)"));
        }
        MessageRef ref = new MessageRef(where, "m" + ids.incrementAndGet());
        synchronized (this) {
            messages.put(ref.messageId(), new Message(ref, reply));
            notifyAll();
        }
        return CompletableFuture.completedFuture(ref);
    }

    @Override
    public CompletableFuture<MessageRef> edit(MessageRef message, Reply reply) {
        synchronized (this) {
            Message m = messages.get(message.messageId());
            if (m == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("no message " + message));
            }
            m.edit(reply);
            edits++;
            notifyAll();
        }
        return CompletableFuture.completedFuture(message);
    }

    /**
     * Makes later posts fail (or work again).
     *
     * @param fail whether posts fail
     */
    public void failPosts(boolean fail) {
        this.failPosts = fail;
    }

    /**
     * Every posted message, in order.
     *
     * @return a snapshot
     */
    public synchronized List<Message> messages() {
        return List.copyOf(messages.values());
    }

    /**
     * The messages whose current text contains a string.
     *
     * @param text e.g. a container name
     * @return the matching messages, in order
     */
    public List<Message> messagesAbout(String text) {
        return messages(m -> m.text().contains(text) || m.first().plainText().contains(text));
    }

    /**
     * The messages matching a condition.
     *
     * @param condition the condition
     * @return the matching messages, in order
     */
    public List<Message> messages(Predicate<Message> condition) {
        return messages().stream().filter(condition).toList();
    }

    /**
     * The only message about something.
     *
     * @param text e.g. a container name
     * @return the message
     * @throws AssertionError if there is not exactly one
     */
    public Message only(String text) {
        List<Message> ms = messagesAbout(text);
        if (ms.size() != 1) {
            throw new AssertionError("expected one message about " + text + ", got " + ms.size() + ": " + ms);
        }
        return ms.get(0);
    }

    /**
     * The last message posted.
     *
     * @return it, or empty when none was
     */
    public synchronized Optional<Message> last() {
        Message last = null;
        for (Message m : messages.values()) {
            last = m;
        }
        return Optional.ofNullable(last);
    }

    /**
     * How many edits were made in all.
     *
     * @return the count
     */
    public synchronized int edits() {
        return edits;
    }

    /** Forgets everything recorded. */
    public synchronized void clear() {
        messages.clear();
        edits = 0;
    }
}
