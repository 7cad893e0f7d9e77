/**
 * Loopback fakes for end-to-end tests of the Slack adapter: a fake Slack Web API ({@link
 * dev.stevedore.adapter.slack.testing.FakeSlackApi}), a fake Socket Mode server and a client that sends signed
 * requests. Shipped in the module's test-jar for the app's integration tests.
 */
@NullMarked
package dev.stevedore.adapter.slack.testing;

import org.jspecify.annotations.NullMarked;
