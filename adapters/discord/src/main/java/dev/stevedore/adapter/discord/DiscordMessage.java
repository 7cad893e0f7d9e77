package dev.stevedore.adapter.discord;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * One Discord message as rendered from a reply, already within Discord's limits: content (at most
 * {@value Message#MAX_CONTENT_LENGTH} characters), embeds, button rows and file attachments.
 *
 * <p>Every request built from it allows <b>no mentions</b> ({@code allowed_mentions: {parse: []}}), so
 * {@code @everyone} or a role mention in Docker output pings nobody (CASES.md P24). Immutable; the file bytes are
 * shared, not copied.
 *
 * @param content the message text; may be empty when the message has embeds or files
 * @param embeds at most {@value Message#MAX_EMBED_COUNT} embeds, at most 6000 characters together
 * @param rows button rows, at most {@value Message#MAX_COMPONENT_COUNT}
 * @param files attachments, at most {@value Message#MAX_FILE_AMOUNT}
 */
public record DiscordMessage(String content, List<MessageEmbed> embeds, List<ActionRow> rows, List<Attachment> files) {
    /** What a message allows to be mentioned: nothing. */
    private static final EnumSet<Message.MentionType> NO_MENTIONS = EnumSet.noneOf(Message.MentionType.class);

    /**
     * A file to attach.
     *
     * @param name the file name shown in Discord, e.g. {@code output.txt}
     * @param data the bytes (UTF-8 text here)
     */
    public record Attachment(String name, byte[] data) {
        /** Validates. */
        public Attachment {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(data, "data");
        }
    }

    /** Validates and copies. */
    public DiscordMessage {
        Objects.requireNonNull(content, "content");
        embeds = List.copyOf(embeds);
        rows = List.copyOf(rows);
        files = List.copyOf(files);
        if (content.length() > Message.MAX_CONTENT_LENGTH) {
            throw new IllegalArgumentException("content is " + content.length() + " characters");
        }
    }

    /**
     * A message of text only.
     *
     * @param content at most 2000 characters of markdown
     * @return the message
     */
    public static DiscordMessage text(String content) {
        return new DiscordMessage(content, List.of(), List.of(), List.of());
    }

    /**
     * This message without its buttons, e.g. once a confirmation is settled.
     *
     * @return a copy with no rows
     */
    public DiscordMessage withoutButtons() {
        return new DiscordMessage(content, embeds, List.of(), files);
    }

    /**
     * The request body for a new message (channel send, interaction reply or followup).
     *
     * @return the data, with no mentions allowed
     */
    public MessageCreateData toCreateData() {
        MessageCreateBuilder b = new MessageCreateBuilder()
                .setAllowedMentions(NO_MENTIONS)
                .mentionRepliedUser(false)
                .setContent(content)
                .setEmbeds(embeds)
                .setComponents(rows);
        List<FileUpload> uploads = new ArrayList<>();
        for (Attachment f : files) {
            uploads.add(FileUpload.fromData(f.data(), f.name()));
        }
        b.setFiles(uploads);
        return b.build();
    }

    /**
     * The request body that replaces a message's whole content (text, embeds, buttons and attachments), so buttons
     * that are not in this message disappear.
     *
     * @return the data, with no mentions allowed
     */
    public MessageEditData toEditData() {
        MessageEditBuilder b = new MessageEditBuilder()
                .setReplace(true)
                .setAllowedMentions(NO_MENTIONS)
                .mentionRepliedUser(false)
                .setContent(content)
                .setEmbeds(embeds)
                .setComponents(rows);
        List<FileUpload> uploads = new ArrayList<>();
        for (Attachment f : files) {
            uploads.add(FileUpload.fromData(f.data(), f.name()));
        }
        b.setAttachments(uploads);
        return b.build();
    }
}
