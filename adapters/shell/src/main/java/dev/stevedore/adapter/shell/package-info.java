/** The local terminal adapter: an interactive prompt (JLine) and a scriptable line mode. */
@NullMarked
package dev.stevedore.adapter.shell;

import org.jspecify.annotations.NullMarked;
