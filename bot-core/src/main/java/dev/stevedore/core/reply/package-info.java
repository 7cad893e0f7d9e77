/** The neutral reply model that every adapter renders: text, tables, code, notices, buttons, live streams. */
@NullMarked
package dev.stevedore.core.reply;

import org.jspecify.annotations.NullMarked;
