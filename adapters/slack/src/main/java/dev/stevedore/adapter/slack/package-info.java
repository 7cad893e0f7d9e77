/**
 * The Slack adapter: the {@code /docker} slash command and its buttons, over HTTP (signed requests on
 * {@code /slack/events}) or Socket Mode, with Bolt for Java.
 *
 * <p>{@link dev.stevedore.adapter.slack.SlackAdapter} is the entry point. Requests are acknowledged at once, before
 * any engine call; results arrive through {@code response_url}, and later or longer output through
 * {@code chat.postMessage}, {@code chat.update} and {@code files.uploadV2}. Every reply is rendered by
 * {@link dev.stevedore.adapter.slack.SlackReplyRenderer} within Slack's Block Kit limits, with every string escaped
 * by {@link dev.stevedore.adapter.slack.SlackText}.
 */
@NullMarked
package dev.stevedore.adapter.slack;

import org.jspecify.annotations.NullMarked;
