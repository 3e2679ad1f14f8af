/**
 * The example incident (the reference postmortem as INC-1) loaded into an empty embedded database: a consumer of
 * every feature through their public APIs.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Example data",
        allowedDependencies = {"system", "user", "incident", "timeline", "action"})
package org.hindsight.example;
