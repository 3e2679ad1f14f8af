/**
 * Team templates: the built-in postmortem templates (the reference shape, SRE, compact) and the ones a team
 * stores, edited with a preview on a sample postmortem.
 */
package org.hindsight.postmortem.templates;
