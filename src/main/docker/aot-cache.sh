#!/bin/sh
# Makes hindsight.aot, the JVM's ahead-of-time cache (JDK 25, README "Start-up"), in the directory given (default: the
# current one), which holds hindsight.jar and lib/ as `java -Djarmode=tools -jar … extract` left them.
#
# A training run starts the application on an in-memory H2 database and stops as soon as its context has started
# (spring.context.exit=onRefresh: no admin is created, no example incident, nothing is served). The JVM then writes
# what it loaded, linked and profiled in that run: the classes of the jar and its libraries, already parsed and
# linked, and the methods' profiles, so that the JIT compiles the start-up's hot code early. Every start with
# -XX:AOTCache=hindsight.aot maps them instead of doing that work again. The training run uses the bean definitions
# processed ahead of time (-Dspring.aot.enabled=true, pom.xml's process-aot), as the starts after it must.
#
# The Docker image runs this as it is built; the process test PackagedStartupProcessTest runs it too, and then starts
# the application with the image's ENTRYPOINT, so the recipe is tested as the image uses it. JAVA names the java
# launcher (default: java on the PATH); it must be the one that runs the application afterwards.
set -eu
cd "${1:-.}"
rm -f hindsight.aot
env -u SPRING_PROFILES_ACTIVE -u HINDSIGHT_DB_USER -u HINDSIGHT_DB_PASSWORD -u HINDSIGHT_ADMIN_PASSWORD \
    -u SPRING_DATASOURCE_URL -u SPRING_DATASOURCE_USERNAME -u SPRING_DATASOURCE_PASSWORD \
    HINDSIGHT_DB_URL='jdbc:h2:mem:training' HINDSIGHT_EXAMPLE_DATA=false \
    "${JAVA:-java}" -XX:AOTCacheOutput=hindsight.aot -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh \
    -jar hindsight.jar
if [ ! -s hindsight.aot ]; then
    echo "aot-cache.sh: the training run wrote no hindsight.aot" >&2
    exit 1
fi
