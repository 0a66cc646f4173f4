{{/*
The chart name, or nameOverride; used in the app.kubernetes.io/name label.
*/}}
{{- define "acr-cmk-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name of every resource: fullnameOverride, or the release name followed by the chart name
unless the release name already contains it. Truncated to 63 characters, the limit of DNS labels.
*/}}
{{- define "acr-cmk-operator.fullname" -}}
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
{{- define "acr-cmk-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every resource.
*/}}
{{- define "acr-cmk-operator.labels" -}}
helm.sh/chart: {{ include "acr-cmk-operator.chart" . }}
{{ include "acr-cmk-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Labels that select the operator pods; they must not change between upgrades.
*/}}
{{- define "acr-cmk-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "acr-cmk-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount the operator runs as.
*/}}
{{- define "acr-cmk-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "acr-cmk-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image reference, with the chart's appVersion as the default tag.
*/}}
{{- define "acr-cmk-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
Name of the leader-election Lease, passed to the operator as LEASE_NAME.
*/}}
{{- define "acr-cmk-operator.leaseName" -}}
{{- .Values.operator.leaderElection.leaseName | default "acr-cmk-operator-leader" -}}
{{- end }}

{{/*
The operator's rights in a namespace it watches: its own resources and their status, and Events
about them. It reads nothing else in the cluster; in particular, no Secrets.
*/}}
{{- define "acr-cmk-operator.policyRules" -}}
- apiGroups: ["acrcmk.io"]
  resources: ["registryencryptionpolicies"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["acrcmk.io"]
  resources: ["registryencryptionpolicies/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
