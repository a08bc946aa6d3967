// Validates rendered Kubernetes manifests (kubectl kustomize output, one or more files) against
// the Kubernetes schemas (kubernetes-models) and the operators' schemas: CloudNativePG's Cluster
// (@kubernetes-models/cloudnative-pg) and RabbitMQ's RabbitmqCluster (no published models: the
// fields of rabbitmq.com/v1beta1 this platform may use are checked below). A kind that is not known
// here fails, and so do the platform's own rules: two replicas or more, the probes, resources,
// and no secret value in the manifests.
//   node validate.mjs rendered.yaml [more.yaml ...]
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Service } from "kubernetes-models/v1/Service";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Job } from "kubernetes-models/batch/v1/Job";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { Cluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster";

const models = {
  "v1/Namespace": Namespace,
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "batch/v1/Job": Job,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "networking.k8s.io/v1/Ingress": Ingress,
  "postgresql.cnpg.io/v1/Cluster": Cluster,
  "rabbitmq.com/v1beta1/RabbitmqCluster": { validate: validateRabbitmqCluster },
};

// rabbitmq.com/v1beta1 RabbitmqCluster spec fields (cluster-operator 2.x CRD).
const rabbitmqSpecFields = new Set([
  "replicas", "image", "imagePullSecrets", "service", "persistence", "resources", "affinity",
  "tolerations", "rabbitmq", "tls", "override", "skipPostDeploySteps", "terminationGracePeriodSeconds",
  "delayStartSeconds", "secretBackend",
]);

function validateRabbitmqCluster(object) {
  const errors = [];
  const spec = object.spec ?? {};
  for (const key of Object.keys(spec)) {
    if (!rabbitmqSpecFields.has(key)) errors.push(`spec.${key} is not a field of RabbitmqCluster`);
  }
  if (spec.replicas !== undefined && !(Number.isInteger(spec.replicas) && spec.replicas >= 0)) errors.push("spec.replicas must be a whole number");
  if (spec.persistence && typeof spec.persistence.storage !== "string") errors.push("spec.persistence.storage must be a quantity");
  if (spec.rabbitmq?.additionalConfig !== undefined && typeof spec.rabbitmq.additionalConfig !== "string") errors.push("spec.rabbitmq.additionalConfig must be text");
  if (errors.length) throw new Error(errors.join("; "));
}

function platformRules(object) {
  const errors = [];
  const name = `${object.kind}/${object.metadata?.name}`;
  if (object.kind === "Secret") errors.push("a Secret in the manifests: secrets are referenced (secretKeyRef, secret volumes), never kept here");
  const pod = object.kind === "Deployment" || object.kind === "Job" ? object.spec.template.spec : null;
  for (const container of pod?.containers ?? []) {
    for (const variable of container.env ?? []) {
      if (/secret|password|key$/i.test(variable.name) && variable.value !== undefined && !/File$/.test(variable.name)) {
        errors.push(`${container.name}: ${variable.name} has a value in the manifest; take it from a Secret`);
      }
    }
    if (!container.resources?.requests || !container.resources?.limits?.memory) errors.push(`${container.name}: requests and a memory limit are required`);
  }
  // The platform's own images: replicated, probed on /health and /alive. A server it runs beside them
  // (Redis, one instance by design: two would count apart) needs probes of its own kind.
  const own = pod?.containers.some((container) => /(^|\/)justiceplatform\//.test(container.image ?? "")) ?? false;
  if (object.kind === "Deployment" && own) {
    if ((object.spec.replicas ?? 1) < 2) errors.push("two replicas or more");
    for (const container of pod.containers) {
      if (container.readinessProbe?.httpGet?.path !== "/health") errors.push(`${container.name}: readiness probe on /health`);
      if (container.livenessProbe?.httpGet?.path !== "/alive") errors.push(`${container.name}: liveness probe on /alive`);
    }
  } else if (object.kind === "Deployment") {
    for (const container of pod.containers) {
      if (!container.readinessProbe || !container.livenessProbe) errors.push(`${container.name}: readiness and liveness probes`);
    }
  }
  if (object.kind === "ConfigMap") {
    for (const [key, value] of Object.entries(object.data ?? {})) {
      if (/secret|password/i.test(key) || /password=/i.test(value)) errors.push(`${key}: a secret in a ConfigMap`);
    }
  }
  return errors.map((e) => `${name}: ${e}`);
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs rendered.yaml [more.yaml ...]");
  process.exit(2);
}

let failures = 0;
let checked = 0;
for (const file of files) {
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (document.errors.length) {
      console.error(`${file}: YAML: ${document.errors.map((e) => e.message).join("; ")}`);
      failures++;
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    const id = `${file}: ${object.apiVersion}/${object.kind} ${object.metadata?.name}`;
    const model = models[`${object.apiVersion}/${object.kind}`];
    const errors = [];
    if (!model) {
      errors.push("unknown kind: no schema to validate it against");
    } else {
      try {
        if (model.validate) model.validate(object);
        else new model(object).validate();
      } catch (e) {
        errors.push(e.message);
      }
      errors.push(...platformRules(object));
    }
    checked++;
    for (const error of errors) console.error(`${id}: ${error}`);
    if (errors.length) failures++;
  }
}
console.log(`${checked} objects checked, ${failures} invalid`);
process.exit(failures || checked === 0 ? 1 : 0);
