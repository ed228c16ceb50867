package org.stele.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart in {@code helm/stele}, linted and rendered by Helm itself (helm-java embeds Helm as a native
 * library): no helm binary, no cluster, no network. Each case renders a value set and reads the manifests
 * back as a cluster would receive them.
 */
class HelmChartTest {
    private static final Path CHART = Path.of("helm/stele");
    /** The oldest Kubernetes the chart supports (kubeVersion in Chart.yaml); helm-java would otherwise assume 1.20. */
    private static final String OLDEST_KUBERNETES = "1.23.0";
    private static final YAMLMapper YAML = new YAMLMapper();

    /** The least an operator must set: an external PostgreSQL and an S3 store, credentials in Secrets. */
    private static final String MINIMAL = """
            database:
              jdbcUrl: jdbc:postgresql://stele-db-rw:5432/stele
              existingSecret: stele-db
            s3:
              endpoint: http://minio:9000
              bucket: models
              existingSecret: stele-s3
            """;

    private static final String FULL = """
            image:
              repository: registry.example.org/stele
              tag: 0.2.0
            imagePullSecrets:
              - name: regcred
            database:
              jdbcUrl: jdbc:postgresql://stele-db-rw:5432/stele
              existingSecret: stele-db-app
              usernameKey: user
              passwordKey: pass
            s3:
              endpoint: https://s3.eu-west-1.amazonaws.com
              bucket: models
              region: eu-west-1
              publicEndpoint: https://models-s3.example.org
              existingSecret: stele-s3
              accessKeyKey: AWS_ACCESS_KEY_ID
              secretKeyKey: AWS_SECRET_ACCESS_KEY
            pidPrefix: "10.12345"
            adminToken:
              existingSecret: stele-admin
            signing:
              existingSecret: stele-signing
              previousKeysSecret: stele-signing-previous
            uploadsExpiry: 48h
            uploadsSweepEvery: 5m
            uploadsSweepMargin: 1h
            auth:
              failureLimit: 20
              failureWindow: 5m
              trustedProxies: [10.0.0.0/8, 192.168.0.1]
            exportSourceOrganization: Example National Library
            oai:
              pageSize: 50
              adminEmail: archive@example.org
              repositoryName: Example Model Archive
              datacentreSymbol: EXAMPLE.STELE
            gcGracePeriod: 30d
            gcScheduled: false
            gcEvery: 7d
            datacite:
              url: https://api.test.datacite.org
              existingSecret: stele-datacite
            webhooks:
              retryDelay: 10s
              maxAge: 2d
              timeout: 20s
              allowPrivateTargets: true
            replica:
              enabled: true
              endpoint: http://minio.offsite:9000
              bucket: models-replica
              region: eu-central-1
              existingSecret: stele-replica
            fixity:
              cycle: 14d
              bytesPerSecond: 20000000
            verifyDownloads: false
            downloads:
              presignedRedirect: on-request
              presignedLifetime: 2m
            extraEnv:
              - name: QUARKUS_LOG_LEVEL
                value: DEBUG
            metrics:
              scrapeAnnotations: true
            podAnnotations:
              team: ml-platform
            autoscaling:
              enabled: true
              minReplicas: 3
              maxReplicas: 10
              targetCPUUtilizationPercentage: 60
            ingress:
              enabled: true
              className: nginx
              hosts:
                - archive.example.org
              tls:
                - secretName: archive-tls
                  hosts:
                    - archive.example.org
            """;

    @TempDir
    Path work;

    @Test
    void lintPassesStrictlyAsShipped() {
        // Helm's lint mode lets `fail` pass, so the guards against missing services do not hide the rest.
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    }

    @Test
    void lintPassesStrictlyWithEveryOptionalResourceSwitchedOn() throws IOException {
        LintResult lint = new Helm(copyOfChartWith(FULL)).lint().strict().call();

        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    }

    @Test
    void minimalValuesRunTwoHardenedReplicasOnTheExternalServices() {
        Manifests out = render(MINIMAL);
        JsonNode deployment = out.one("Deployment");
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = out.container();

        assertThat(deployment.at("/metadata/name").asText()).isEqualTo("archive-stele");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxSurge").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(selectorLabels());
        assertThat(labels(deployment.at("/spec/template/metadata/labels")))
                .containsAllEntriesOf(labels(selectorLabels()))
                .containsEntry("app.kubernetes.io/version", appVersion());
        assertThat(deployment.at("/spec/template/metadata/annotations").isMissingNode()).isTrue();

        assertThat(container.at("/image").asText()).isEqualTo("stele:" + appVersion());
        assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);

        Map<String, JsonNode> env = out.env();
        assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL").get("value").asText())
                .isEqualTo("jdbc:postgresql://stele-db-rw:5432/stele");
        assertSecretRef(env, "QUARKUS_DATASOURCE_USERNAME", "stele-db", "username");
        assertSecretRef(env, "QUARKUS_DATASOURCE_PASSWORD", "stele-db", "password");
        assertThat(value(env, "STELE_STORAGE")).isEqualTo("s3");
        assertThat(value(env, "STELE_S3_ENDPOINT")).isEqualTo("http://minio:9000");
        assertThat(value(env, "STELE_S3_BUCKET")).isEqualTo("models");
        assertThat(value(env, "STELE_S3_REGION")).isEqualTo("us-east-1");
        assertSecretRef(env, "STELE_S3_ACCESS_KEY", "stele-s3", "accessKey");
        assertSecretRef(env, "STELE_S3_SECRET_KEY", "stele-s3", "secretKey");
        assertThat(value(env, "STELE_PID_PREFIX")).isEqualTo("10.5072");
        assertThat(value(env, "STELE_DATA_DIR")).isEqualTo("/tmp/stele-data");
        assertThat(value(env, "JAVA_OPTS_APPEND")).isEqualTo("-XX:MaxRAMPercentage=75");
        assertThat(value(env, "QUARKUS_SHUTDOWN_TIMEOUT")).isEqualTo("55s");
        assertThat(env).doesNotContainKeys("STELE_PUBLIC_BASE_URL", "STELE_ADMIN_TOKEN", "STELE_UPLOADS_EXPIRY", "STELE_UPLOADS_SWEEP_MARGIN",
                "STELE_SIGNING_PRIVATE_KEY_FILE", "STELE_SIGNING_PREVIOUS_KEYS_DIR",
                "STELE_AUTH_FAILURE_LIMIT", "STELE_AUTH_FAILURE_WINDOW",
                "STELE_EXPORT_SOURCE_ORGANIZATION", "STELE_OAI_PAGE_SIZE", "STELE_OAI_ADMIN_EMAIL", "STELE_OAI_REPOSITORY_NAME",
                "STELE_OAI_DATACENTRE_SYMBOL", "STELE_GC_GRACE_PERIOD", "STELE_GC_SCHEDULED", "STELE_GC_EVERY",
                "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES",
                "STELE_DATACITE_URL", "STELE_DATACITE_USERNAME", "STELE_DATACITE_PASSWORD",
                "STELE_WEBHOOKS_RETRY_DELAY", "STELE_WEBHOOKS_MAX_AGE", "STELE_WEBHOOKS_TIMEOUT", "STELE_WEBHOOKS_ALLOW_PRIVATE_TARGETS",
                "STELE_REPLICA_STORAGE", "STELE_REPLICA_S3_ENDPOINT", "STELE_REPLICA_S3_BUCKET", "STELE_REPLICA_S3_REGION",
                "STELE_REPLICA_S3_ACCESS_KEY", "STELE_REPLICA_S3_SECRET_KEY", "STELE_FIXITY_CYCLE",
                "STELE_FIXITY_BYTES_PER_SECOND", "STELE_VERIFY_DOWNLOADS", "STELE_S3_PUBLIC_ENDPOINT",
                "STELE_DOWNLOADS_PRESIGNED_REDIRECT", "STELE_DOWNLOADS_PRESIGNED_LIFETIME");

        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo("http");
        }
        assertThat(container.at("/resources/requests/cpu").isTextual()).isTrue();
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("2Gi");

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(185);
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(container.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(texts(container.at("/securityContext/capabilities/drop"))).containsExactly("ALL");
        assertThat(pod.at("/terminationGracePeriodSeconds").asInt()).isEqualTo(60);
        assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).isFalse();

        // The root filesystem is read-only: /tmp, where the JVM and STELE_DATA_DIR write, is an emptyDir.
        assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/tmp");
        String volume = container.at("/volumeMounts/0/name").asText();
        assertThat(pod.at("/volumes/0/name").asText()).isEqualTo(volume);
        assertThat(pod.at("/volumes/0/emptyDir").isObject()).isTrue();
        assertThat(pod.at("/volumes/0/emptyDir/sizeLimit").asText()).isEqualTo("1Gi");

        assertThat(pod.at("/topologySpreadConstraints/0/topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
        assertThat(pod.at("/topologySpreadConstraints/0/labelSelector/matchLabels")).isEqualTo(selectorLabels());

        JsonNode service = out.one("Service");
        assertThat(service.at("/spec/type").asText()).isEqualTo("ClusterIP");
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(80);
        assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
        assertThat(service.at("/spec/selector")).isEqualTo(selectorLabels());

        JsonNode account = out.one("ServiceAccount");
        assertThat(account.at("/metadata/name").asText()).isEqualTo(pod.at("/serviceAccountName").asText());
        assertThat(account.at("/automountServiceAccountToken").asBoolean(true)).isFalse();

        JsonNode budget = out.one("PodDisruptionBudget");
        assertThat(budget.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(selectorLabels());

        assertThat(out.all("HorizontalPodAutoscaler")).isEmpty();
        assertThat(out.all("Ingress")).isEmpty();
    }

    @Test
    void oneReplicaHasNoDisruptionBudgetThatWouldBlockNodeDrains() {
        Manifests out = render(MINIMAL + "replicaCount: 1\n");

        assertThat(out.one("Deployment").at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(out.all("PodDisruptionBudget")).isEmpty();
    }

    @Test
    void threeReplicasKeepOneUpThroughDisruptions() {
        Manifests out = render(MINIMAL + "replicaCount: 3\n");

        assertThat(out.one("Deployment").at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(out.one("PodDisruptionBudget").at("/spec/minAvailable").asInt()).isEqualTo(1);
    }

    @Test
    void fullValuesWireIngressAutoscalingAndEveryOptionalService() {
        Manifests out = render(FULL);
        JsonNode deployment = out.one("Deployment");
        JsonNode container = out.container();
        Map<String, JsonNode> env = out.env();

        assertThat(container.at("/image").asText()).isEqualTo("registry.example.org/stele:0.2.0");
        assertThat(deployment.at("/spec/template/spec/imagePullSecrets/0/name").asText()).isEqualTo("regcred");

        assertSecretRef(env, "QUARKUS_DATASOURCE_USERNAME", "stele-db-app", "user");
        assertSecretRef(env, "QUARKUS_DATASOURCE_PASSWORD", "stele-db-app", "pass");
        assertThat(value(env, "STELE_S3_REGION")).isEqualTo("eu-west-1");
        assertSecretRef(env, "STELE_S3_ACCESS_KEY", "stele-s3", "AWS_ACCESS_KEY_ID");
        assertSecretRef(env, "STELE_S3_SECRET_KEY", "stele-s3", "AWS_SECRET_ACCESS_KEY");
        assertThat(value(env, "STELE_PID_PREFIX")).isEqualTo("10.12345");
        // Derived from the first ingress host, which has TLS.
        assertThat(value(env, "STELE_PUBLIC_BASE_URL")).isEqualTo("https://archive.example.org");
        assertSecretRef(env, "STELE_ADMIN_TOKEN", "stele-admin", "token");
        assertThat(value(env, "STELE_UPLOADS_EXPIRY")).isEqualTo("48h");
        assertThat(value(env, "STELE_UPLOADS_SWEEP_EVERY")).isEqualTo("5m");
        assertThat(value(env, "STELE_UPLOADS_SWEEP_MARGIN")).isEqualTo("1h");
        // The signing key is a mounted Secret (a file, so it never shows in the pod's environment).
        assertThat(value(env, "STELE_SIGNING_PRIVATE_KEY_FILE")).isEqualTo("/etc/stele/signing/private-key.pem");
        assertThat(value(env, "STELE_SIGNING_PREVIOUS_KEYS_DIR")).isEqualTo("/etc/stele/signing-previous");
        JsonNode volumes = deployment.at("/spec/template/spec/volumes");
        assertThat(volumes.findValuesAsText("secretName")).containsExactly("stele-signing", "stele-signing-previous");
        assertThat(container.at("/volumeMounts").findValuesAsText("mountPath"))
                .contains("/etc/stele/signing", "/etc/stele/signing-previous");
        assertThat(value(env, "STELE_AUTH_FAILURE_LIMIT")).isEqualTo("20");
        assertThat(value(env, "STELE_AUTH_FAILURE_WINDOW")).isEqualTo("5m");
        assertThat(value(env, "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING")).isEqualTo("true");
        assertThat(value(env, "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED")).isEqualTo("true");
        assertThat(value(env, "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES")).isEqualTo("10.0.0.0/8,192.168.0.1");
        assertThat(value(env, "STELE_EXPORT_SOURCE_ORGANIZATION")).isEqualTo("Example National Library");
        assertThat(value(env, "STELE_OAI_PAGE_SIZE")).isEqualTo("50");
        assertThat(value(env, "STELE_OAI_ADMIN_EMAIL")).isEqualTo("archive@example.org");
        assertThat(value(env, "STELE_OAI_REPOSITORY_NAME")).isEqualTo("Example Model Archive");
        assertThat(value(env, "STELE_OAI_DATACENTRE_SYMBOL")).isEqualTo("EXAMPLE.STELE");
        assertThat(value(env, "STELE_GC_GRACE_PERIOD")).isEqualTo("30d");
        assertThat(value(env, "STELE_GC_SCHEDULED")).isEqualTo("false");
        assertThat(value(env, "STELE_GC_EVERY")).isEqualTo("7d");
        assertThat(value(env, "STELE_DATACITE_URL")).isEqualTo("https://api.test.datacite.org");
        assertThat(value(env, "STELE_WEBHOOKS_RETRY_DELAY")).isEqualTo("10s");
        assertThat(value(env, "STELE_WEBHOOKS_MAX_AGE")).isEqualTo("2d");
        assertThat(value(env, "STELE_WEBHOOKS_TIMEOUT")).isEqualTo("20s");
        assertThat(value(env, "STELE_WEBHOOKS_ALLOW_PRIVATE_TARGETS")).isEqualTo("true");
        assertSecretRef(env, "STELE_DATACITE_USERNAME", "stele-datacite", "username");
        assertSecretRef(env, "STELE_DATACITE_PASSWORD", "stele-datacite", "password");
        assertThat(value(env, "STELE_REPLICA_STORAGE")).isEqualTo("s3");
        assertThat(value(env, "STELE_REPLICA_S3_ENDPOINT")).isEqualTo("http://minio.offsite:9000");
        assertThat(value(env, "STELE_REPLICA_S3_REGION")).isEqualTo("eu-central-1");
        assertThat(value(env, "STELE_FIXITY_CYCLE")).isEqualTo("14d");
        assertThat(value(env, "STELE_FIXITY_BYTES_PER_SECOND")).isEqualTo("20000000");
        assertThat(value(env, "STELE_VERIFY_DOWNLOADS")).isEqualTo("false");
        assertThat(value(env, "STELE_S3_PUBLIC_ENDPOINT")).isEqualTo("https://models-s3.example.org");
        assertThat(value(env, "STELE_DOWNLOADS_PRESIGNED_REDIRECT")).isEqualTo("on-request");
        assertThat(value(env, "STELE_DOWNLOADS_PRESIGNED_LIFETIME")).isEqualTo("2m");
        assertThat(value(env, "STELE_REPLICA_S3_BUCKET")).isEqualTo("models-replica");
        assertSecretRef(env, "STELE_REPLICA_S3_ACCESS_KEY", "stele-replica", "accessKey");
        assertSecretRef(env, "STELE_REPLICA_S3_SECRET_KEY", "stele-replica", "secretKey");
        // extraEnv comes last, so it can also override what the chart sets.
        assertThat(List.copyOf(env.keySet())).last().isEqualTo("QUARKUS_LOG_LEVEL");
        assertThat(value(env, "QUARKUS_LOG_LEVEL")).isEqualTo("DEBUG");

        assertThat(labels(deployment.at("/spec/template/metadata/annotations"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "prometheus.io/scrape", "true",
                "prometheus.io/path", "/q/metrics",
                "prometheus.io/port", "8080",
                "team", "ml-platform"));

        // The autoscaler owns the replica count; the Deployment must not fight it on every upgrade.
        assertThat(deployment.at("/spec/replicas").isMissingNode()).isTrue();
        JsonNode autoscaler = out.one("HorizontalPodAutoscaler");
        assertThat(autoscaler.at("/apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(autoscaler.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(autoscaler.at("/spec/scaleTargetRef/name").asText()).isEqualTo(deployment.at("/metadata/name").asText());
        assertThat(autoscaler.at("/spec/minReplicas").asInt()).isEqualTo(3);
        assertThat(autoscaler.at("/spec/maxReplicas").asInt()).isEqualTo(10);
        assertThat(autoscaler.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
        assertThat(autoscaler.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(60);
        assertThat(out.one("PodDisruptionBudget").at("/spec/minAvailable").asInt()).isEqualTo(1);

        JsonNode ingress = out.one("Ingress");
        assertThat(ingress.at("/spec/ingressClassName").asText()).isEqualTo("nginx");
        assertThat(labels(ingress.at("/metadata/annotations"))).containsAllEntriesOf(Map.of(
                "nginx.ingress.kubernetes.io/proxy-body-size", "0",
                "nginx.ingress.kubernetes.io/proxy-request-buffering", "off",
                "nginx.ingress.kubernetes.io/proxy-read-timeout", "3600",
                "nginx.ingress.kubernetes.io/proxy-send-timeout", "3600"));
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("archive-tls");
        assertThat(texts(ingress.at("/spec/tls/0/hosts"))).containsExactly("archive.example.org");
        JsonNode rule = ingress.at("/spec/rules/0");
        assertThat(rule.at("/host").asText()).isEqualTo("archive.example.org");
        assertThat(rule.at("/http/paths/0/path").asText()).isEqualTo("/");
        assertThat(rule.at("/http/paths/0/backend/service/name").asText()).isEqualTo(out.one("Service").at("/metadata/name").asText());
        assertThat(rule.at("/http/paths/0/backend/service/port/name").asText()).isEqualTo("http");
    }

    @Test
    void anExplicitPublicBaseUrlWinsOverTheIngressHost() {
        Manifests out = render(MINIMAL + """
                publicBaseUrl: https://models.example.org/
                ingress:
                  enabled: true
                  hosts: [archive.internal]
                """);

        assertThat(value(out.env(), "STELE_PUBLIC_BASE_URL")).isEqualTo("https://models.example.org");
    }

    @Test
    void noDatabaseRefusesToRender() {
        assertRefused("""
                s3:
                  endpoint: http://minio:9000
                  bucket: models
                  existingSecret: stele-s3
                """, "the embedded defaults are for one machine only; set database.jdbcUrl and database.existingSecret");
    }

    @Test
    void aDatabaseWithoutCredentialsRefusesToRender() {
        assertRefused(MINIMAL, Map.of("database.existingSecret", ""),
                "set database.jdbcUrl and database.existingSecret");
    }

    @Test
    void aJdbcUrlForAnotherDatabaseRefusesToRender() {
        assertRefused(MINIMAL.replace("jdbc:postgresql://stele-db-rw:5432/stele", "jdbc:mysql://db:3306/stele"),
                "database.jdbcUrl must be a PostgreSQL JDBC URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3.endpoint", "s3.bucket", "s3.existingSecret"})
    void s3WithoutItsEndpointBucketOrCredentialsRefusesToRender(String missing) {
        assertRefused(MINIMAL, Map.of(missing, ""),
                "the embedded defaults are for one machine only; set s3.endpoint, s3.bucket and s3.existingSecret");
    }

    @Test
    void aReplicaStoreWithoutCredentialsRefusesToRender() {
        assertRefused(MINIMAL + """
                replica:
                  enabled: true
                  endpoint: http://minio.offsite:9000
                  bucket: models-replica
                """, "replica.enabled needs replica.endpoint, replica.bucket and replica.existingSecret");
    }

    @Test
    void halfADataCiteConfigurationRefusesToRender() {
        assertRefused(MINIMAL + """
                datacite:
                  url: https://api.test.datacite.org
                """, "DataCite registration needs both datacite.url and datacite.existingSecret");
        assertRefused(MINIMAL + """
                datacite:
                  existingSecret: stele-datacite
                """, "DataCite registration needs both datacite.url and datacite.existingSecret");
        assertRefused(MINIMAL + """
                datacite:
                  url: https://api.test.datacite.org
                  existingSecret: stele-datacite
                """, "DataCite registration needs publicBaseUrl (or an ingress host)");
    }

    private void assertRefused(String values, String message) {
        assertRefused(values, Map.of(), message);
    }

    private void assertRefused(String values, Map<String, String> sets, String message) {
        assertThatThrownBy(() -> render(values, sets)).hasMessageContaining(message);
    }

    private Manifests render(String values) {
        return render(values, Map.of());
    }

    /** {@code helm template archive helm/stele --namespace models -f <values> --set <sets>}. */
    private Manifests render(String values, Map<String, String> sets) {
        TemplateCommand template = new Helm(CHART).template()
                .withName("archive")
                .withNamespace("models")
                .withKubeVersion(OLDEST_KUBERNETES)
                .withValuesFile(write("values-" + System.nanoTime() + ".yaml", values));
        sets.forEach(template::set);
        return Manifests.parse(template.call());
    }

    /** A copy of the chart whose values.yaml has {@code overrides} merged in: helm-java's lint takes no values file. */
    private Path copyOfChartWith(String overrides) throws IOException {
        Path copy = work.resolve("stele");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        ObjectNode values = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
        merge(values, (ObjectNode) YAML.readTree(overrides));
        YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
        return copy;
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        for (Map.Entry<String, JsonNode> field : from.properties()) {
            if (into.get(field.getKey()) instanceof ObjectNode target && field.getValue() instanceof ObjectNode source) {
                merge(target, source);
            } else {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    private Path write(String name, String content) {
        try {
            return Files.writeString(work.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertSecretRef(Map<String, JsonNode> env, String name, String secret, String key) {
        assertThat(env).containsKey(name);
        JsonNode ref = env.get(name).at("/valueFrom/secretKeyRef");
        assertThat(ref.at("/name").asText()).as(name + " secret").isEqualTo(secret);
        assertThat(ref.at("/key").asText()).as(name + " key").isEqualTo(key);
        assertThat(env.get(name).has("value")).as(name + " must not carry a literal value").isFalse();
    }

    private static String value(Map<String, JsonNode> env, String name) {
        assertThat(env).containsKey(name);
        return env.get(name).get("value").asText();
    }

    private static JsonNode selectorLabels() {
        return YAML.createObjectNode()
                .put("app.kubernetes.io/name", "stele")
                .put("app.kubernetes.io/instance", "archive");
    }

    private static String appVersion() {
        try {
            return YAML.readTree(CHART.resolve("Chart.yaml").toFile()).get("appVersion").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> labels(JsonNode map) {
        Map<String, String> labels = new LinkedHashMap<>();
        map.properties().forEach(field -> labels.put(field.getKey(), field.getValue().asText()));
        return labels;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** The documents {@code helm template} printed. */
    private record Manifests(List<JsonNode> documents) {
        static Manifests parse(String rendered) {
            List<JsonNode> documents = new ArrayList<>();
            try {
                Iterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(rendered);
                it.forEachRemaining(doc -> {
                    if (doc != null && doc.isObject()) {
                        documents.add(doc);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Manifests(documents);
        }

        List<JsonNode> all(String kind) {
            return documents.stream().filter(doc -> kind.equals(doc.path("kind").asText())).toList();
        }

        JsonNode one(String kind) {
            List<JsonNode> found = all(kind);
            assertThat(found).as("rendered %s", kind).hasSize(1);
            return found.get(0);
        }

        JsonNode container() {
            JsonNode containers = one("Deployment").at("/spec/template/spec/containers");
            assertThat(containers.size()).isEqualTo(1);
            return containers.get(0);
        }

        /** The container's environment by name, in the order it is declared; a name declared twice fails. */
        Map<String, JsonNode> env() {
            Map<String, JsonNode> env = new LinkedHashMap<>();
            container().get("env").forEach(var -> assertThat(env.put(var.get("name").asText(), var))
                    .as("%s declared twice", var.get("name").asText()).isNull());
            return env;
        }
    }
}
