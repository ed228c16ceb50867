{{/*
Chart name, overridable with nameOverride; 63 characters at most (a DNS label).
*/}}
{{- define "stele.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources: <release>-<name>, or <release> when it already contains the name.
*/}}
{{- define "stele.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "stele.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every resource.
*/}}
{{- define "stele.labels" -}}
helm.sh/chart: {{ include "stele.chart" . }}
{{ include "stele.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/component: server
app.kubernetes.io/part-of: stele
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Labels that select the release's pods; never change them, a Deployment's selector is immutable.
*/}}
{{- define "stele.selectorLabels" -}}
app.kubernetes.io/name: {{ include "stele.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The ServiceAccount the pods run as.
*/}}
{{- define "stele.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "stele.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The archive's public address: publicBaseUrl, else the first ingress host (https when a TLS entry covers it).
*/}}
{{- define "stele.publicBaseUrl" -}}
{{- if .Values.publicBaseUrl }}
{{- .Values.publicBaseUrl | trimSuffix "/" }}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts }}
{{- $host := first .Values.ingress.hosts }}
{{- $scheme := "http" }}
{{- range .Values.ingress.tls }}
{{- if has $host .hosts }}
{{- $scheme = "https" }}
{{- end }}
{{- end }}
{{- printf "%s://%s" $scheme $host }}
{{- end }}
{{- end }}

{{/*
Refuses values that cannot run on Kubernetes. Replicas share nothing but the database and the S3 store,
so both must be external services.
*/}}
{{- define "stele.validateValues" -}}
{{- $db := .Values.database }}
{{- if not (and $db.jdbcUrl $db.existingSecret) }}
{{- fail "stele: no external database configured: the embedded defaults are for one machine only; set database.jdbcUrl and database.existingSecret" }}
{{- else if not (hasPrefix "jdbc:postgresql:" $db.jdbcUrl) }}
{{- fail (printf "stele: database.jdbcUrl must be a PostgreSQL JDBC URL such as jdbc:postgresql://db:5432/stele, not %q" $db.jdbcUrl) }}
{{- end }}
{{- $s3 := .Values.s3 }}
{{- if not (and $s3.endpoint $s3.bucket $s3.existingSecret) }}
{{- fail "stele: no S3 storage configured: the embedded defaults are for one machine only; set s3.endpoint, s3.bucket and s3.existingSecret" }}
{{- end }}
{{- $replica := .Values.replica }}
{{- if and $replica.enabled (not (and $replica.endpoint $replica.bucket $replica.existingSecret)) }}
{{- fail "stele: replica.enabled needs replica.endpoint, replica.bucket and replica.existingSecret" }}
{{- end }}
{{- $datacite := .Values.datacite }}
{{- if or $datacite.url $datacite.existingSecret }}
{{- if not (and $datacite.url $datacite.existingSecret) }}
{{- fail "stele: DataCite registration needs both datacite.url and datacite.existingSecret" }}
{{- else if not (include "stele.publicBaseUrl" .) }}
{{- fail "stele: DataCite registration needs publicBaseUrl (or an ingress host): the landing pages DOIs resolve to" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
How many pods run at least: the autoscaler's minimum, or replicaCount.
*/}}
{{- define "stele.minReplicas" -}}
{{- if .Values.autoscaling.enabled }}
{{- .Values.autoscaling.minReplicas | int }}
{{- else }}
{{- .Values.replicaCount | int }}
{{- end }}
{{- end }}
