/**
 * Review and publication: a postmortem goes from Draft through In review (reviewers named, each approving or asking
 * for changes) to Published, where the Markdown is kept as a numbered version that later edits never change. The
 * completeness check says what a postmortem still lacks before it can be published. Reads the incident, timeline
 * and action items through {@link org.hindsight.postmortem.PostmortemLoader}; renders with the export.
 */
package org.hindsight.postmortem.review;
