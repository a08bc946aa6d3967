// A partner's integration written in TypeScript against the types openapi-typescript generates from
// the platform's document: every path, parameter, body and enum value below is checked by tsc
// against the document, and a request the document does not describe does not compile.
// TypeScriptClientTests runs it through the gateway; it prints each step and exits 1 on the first
// answer it did not expect.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/platform.js";

type Schemas = components["schemas"];
/** The answers a JSON client reads: some operations also offer CSV, asked for with Accept. */
type Json = "application/json" | "application/problem+json";
type Client = ReturnType<typeof createClient<paths, Json>>;

const gateway = setting("PLATFORM_GATEWAY_URL");
const adminClientId = setting("PLATFORM_ADMIN_CLIENT_ID");
const adminClientSecret = setting("PLATFORM_ADMIN_CLIENT_SECRET");
const partnerId = setting("PLATFORM_PARTNER_ID");
const referralPartnerId = setting("PLATFORM_REFERRAL_PARTNER_ID");
const run = Date.now().toString(36);

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function step(text: string): void {
  console.log(`- ${text}`);
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`expected ${what}`);
}

interface Answer<D, E> {
  data?: D;
  error?: E;
  response: Response;
}

/** The answer's body when its status is the one expected; otherwise the status and the problem, as the platform sent them. */
async function expect<D, E>(what: string, status: number, call: Promise<Answer<D, E>>): Promise<{ data: D; response: Response }> {
  const { data, error, response } = await call;
  if (response.status !== status || data === undefined) {
    throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(error ?? data)}`);
  }
  return { data, response };
}

function etagOf(response: Response, what: string): string {
  const etag = response.headers.get("ETag");
  if (etag === null) throw new Error(`${what}: no ETag`);
  return etag;
}

/** Asks again until the platform's services have heard of each other's events (they are eventually consistent). */
async function eventually<T>(what: string, attempt: () => Promise<T | undefined>, seconds = 60): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`${what}: still not there after ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function anonymous(): Client {
  return createClient<paths, Json>({ baseUrl: gateway });
}

function bearer(token: string): Client {
  return createClient<paths, Json>({ baseUrl: gateway, headers: { Authorization: `Bearer ${token}` } });
}

/** Client credentials at the gateway's token endpoint, form-encoded as OAuth2 wants. */
async function token(clientId: string, clientSecret: string, scopes: string): Promise<string> {
  const request: Schemas["TokenRequest"] = { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, scope: scopes };
  const { data } = await expect(`token for ${clientId}`, 200, anonymous().POST("/connect/token", {
    body: request,
    bodySerializer: (body) => {
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries(body)) {
        if (typeof value === "string") form.set(name, value);
      }
      return form;
    },
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  }));
  check(data.token_type === "Bearer", `a Bearer token, got ${data.token_type}`);
  return data.access_token;
}

async function main(): Promise<void> {
  // The administrator issues the partner's client; the partner signs in with it.
  step("administrator token and a client for the partner");
  const admin = bearer(await token(adminClientId, adminClientSecret, "admin"));
  const scopes: Schemas["RegisterClientRequest"]["scopes"] = [
    "beneficiaries.read", "beneficiaries.write", "activities.read", "activities.write",
    "grievances.read", "grievances.casework", "funding.read", "funding.write",
  ];
  const issued = (await expect("register a client", 201, admin.POST("/api/v1/identity/partners/{id}/clients", {
    params: { path: { id: partnerId } },
    body: { displayName: `${partnerId} TypeScript integration`, scopes },
  }))).data;

  step("partner token (client credentials)");
  const partner = bearer(await token(issued.clientId, issued.clientSecret, (scopes ?? []).join(" ")));

  // Beneficiaries: register with an Idempotency-Key, read, update with If-Match.
  step("register a beneficiary with an Idempotency-Key");
  const person: Schemas["BeneficiaryRequest"] = {
    kind: "individual", givenName: "Awa", familyName: "Traoré", groupName: null, sex: "female", birthDate: "1990-02-01",
    estimatedAge: null, estimatedAgeAt: null, disability: null, displacementStatus: "idp", communePcode: "ML060201",
    vulnerabilities: ["woman"], roles: [], phone: null,
    consent: { given: true, date: "2026-11-01", scope: ["registration", "services"] }, members: null,
  };
  const idempotencyKey = `ts-${run}-beneficiary`;
  const register = () => partner.POST("/api/v1/beneficiaries", { params: { header: { "Idempotency-Key": idempotencyKey } }, body: person });
  const registered = (await expect("register", 201, register())).data;
  const replayed = (await expect("register again with the same key", 201, register())).data;
  check(replayed.id === registered.id, `the retry to answer the first registration ${registered.id}, got ${replayed.id}`);

  step("read it and its ETag, update it with If-Match, and a stale If-Match is refused");
  const read = await expect("read", 200, partner.GET("/api/v1/beneficiaries/{id}", { params: { path: { id: registered.id } } }));
  check(read.data.givenName === "Awa", "the name registered");
  const etag = etagOf(read.response, "read");
  const moved: Schemas["BeneficiaryRequest"] = { ...person, communePcode: "ML060202" };
  const updated = await expect("update", 200, partner.PUT("/api/v1/beneficiaries/{id}", {
    params: { path: { id: registered.id }, header: { "If-Match": etag } }, body: moved,
  }));
  check(updated.data.communePcode === "ML060202", "the new commune");
  const stale = await partner.PUT("/api/v1/beneficiaries/{id}", { params: { path: { id: registered.id }, header: { "If-Match": etag } }, body: person });
  check(stale.response.status === 412 && stale.error?.status === 412, `412 with a problem for a stale ETag, got ${stale.response.status}`);

  // Activities: a program with an indicator, and an activity reported with aggregate reach, then completed.
  step("create a program with a result and an aggregate-reach indicator");
  const program = (await expect("program", 201, partner.POST("/api/v1/activities/programs", {
    body: {
      code: `TS-${run}`.slice(0, 50), titleFr: "Accès à la justice", titleEn: "Access to justice", members: [],
      funderIds: ["XM-DAC-41146"], sectorCodes: ["15130"], communePcodes: ["ML0602"],
      startDate: "2026-01-01", endDate: "2027-12-31", status: "active",
    },
  }))).data;
  const programPath = { params: { path: { id: program.id } } };
  const objective = (await expect("objective", 201, partner.POST("/api/v1/activities/programs/{id}/objectives", {
    ...programPath, body: { code: "SO1", title: "Citizens know their rights", kind: "specific" },
  }))).data;
  const result = (await expect("result", 201, partner.POST("/api/v1/activities/programs/{id}/results", {
    ...programPath, body: { objectiveId: objective.id, code: "1.1", title: "Radio listeners reached", type: "output" },
  }))).data;
  const indicator = (await expect("indicator", 201, partner.POST("/api/v1/activities/programs/{id}/indicators", {
    ...programPath,
    body: {
      resultId: result.id, code: "1.1.1", title: "People reached by radio", measure: "unit", ascending: true,
      baseline: { year: 2025, value: 0 }, dimensions: ["sex"], source: "aggregate_reach",
      numeratorId: null, denominatorId: null, targets: [],
    },
  }))).data;

  step("report an activity, set its aggregate reach (If-Match) and complete it (If-Match)");
  const reported = await expect("activity", 201, partner.POST("/api/v1/activities", {
    body: {
      programId: program.id, title: "Émission radio sur l'aide juridique", type: "radio_broadcast", resultIds: null,
      indicatorIds: [indicator.id], communePcode: "ML060201", plannedStart: "2026-10-01", plannedEnd: "2026-10-03",
      plannedCost: { amount: 1500000, currency: "XOF", valueDate: "2026-10-01" }, budgetLineId: null,
    },
  }));
  const activityPath = (ifMatch: string) => ({ params: { path: { id: reported.data.id }, header: { "If-Match": ifMatch } } });
  const reached = await expect("reach", 200, partner.PUT("/api/v1/activities/{id}/reach", {
    ...activityPath(etagOf(reported.response, "activity")),
    body: {
      cells: [
        { sex: "female", ageBand: "18-59", hasDisability: false, displacementStatus: "host", count: 250 },
        { sex: "male", ageBand: "18-59", hasDisability: false, displacementStatus: "idp", count: 200 },
      ],
    },
  }));
  check(reached.data.aggregateReach.length === 2, "two reach cells");
  const completed = (await expect("complete", 200, partner.POST("/api/v1/activities/{id}/complete", {
    ...activityPath(etagOf(reached.response, "reach")),
    body: { actualStart: "2026-10-01", actualEnd: "2026-10-03", actualCost: { amount: 1420000, currency: "XOF", valueDate: "2026-10-03" } },
  }))).data;
  check(completed.status === "completed", `the activity completed, got ${completed.status}`);

  // Grievances: a case, referred to another registered partner.
  step(`open a grievance case and refer it to ${referralPartnerId}`);
  const opened = (await expect("case", 201, partner.POST("/api/v1/grievances/cases", {
    body: {
      survivor: { name: "Aminata Touré", phone: "76123456", address: "Quartier Abaradjou" }, beneficiaryId: null,
      sex: "female", ageAtRegistration: 24, riskLevel: "high", caseWorker: "cw-07",
      consent: { services: true, referral: true, reporting: true }, programId: null,
    },
  }))).data;
  const referral = (await expect("referral", 201, partner.POST("/api/v1/grievances/cases/{id}/referrals", {
    params: { path: { id: opened.id } },
    body: { serviceType: "legal_aid", toPartnerId: referralPartnerId, externalBody: null, shares: ["contact"], consentOverride: null },
  }))).data;
  check(referral.toPartnerId === referralPartnerId && referral.status === "in_progress", `a referral in progress, got ${referral.status}`);

  // Funding: a grant in XOF of the program, read in EUR; an appeal and its funding status.
  step("create a grant in XOF for the program and read it in EUR");
  const donor = (await expect("organisation", 201, partner.POST("/api/v1/funding/organisations", {
    body: { name: "USAID", iatiIdentifier: "US-GOV-1", type: "government", role: "donor" },
  }))).data;
  const grantRequest: Schemas["GrantRequest"] = {
    title: "Access to justice in Goundam", iatiIdentifier: null, funderOrganisationId: donor.id, funderPartnerId: null,
    recipientPartnerId: partnerId, programId: program.id, programLeadPartnerId: partnerId,
    amount: 89000000, currency: "XOF", startDate: "2026-01-01", endDate: "2026-12-31", status: "active", subRecipientPartnerIds: [],
  };
  // Funding hears of the new program from Activities' event: until then it answers 422 naming programId.
  const grant = await eventually("Funding to know the program", async () => {
    const { data, error, response } = await partner.POST("/api/v1/funding/grants", { body: grantRequest });
    if (response.status === 422 && error !== undefined && JSON.stringify(error).includes("programId")) return undefined;
    if (response.status !== 201 || data === undefined) throw new Error(`grant: expected 201, got ${response.status} ${JSON.stringify(error)}`);
    return data;
  });
  const inEuro = (await expect("grant in EUR", 200, partner.GET("/api/v1/funding/grants/{id}", {
    params: { path: { id: grant.id }, query: { currency: "EUR" } },
  }))).data;
  const converted = inEuro.converted;
  if (inEuro.currency !== "XOF" || converted === null) throw new Error(`expected the grant in XOF with a conversion, got ${JSON.stringify(inEuro)}`);
  const atParity = Math.round((89000000 / 655.957) * 100) / 100;
  check(converted.currency === "EUR" && converted.amount === atParity, `${atParity} EUR at the fixed parity, got ${converted.amount} ${converted.currency}`);

  step("create an appeal, add a paid contribution and read the appeal's funding status");
  const appeal = (await expect("appeal", 201, partner.POST("/api/v1/funding/appeals", {
    body: { name: `Mali protection ${run}`, year: 2026, requirement: 40000000, currency: "USD" },
  }))).data;
  await expect("contribution", 201, partner.POST("/api/v1/funding/appeals/{id}/contributions", {
    params: { path: { id: appeal.id } },
    body: { funderName: "CERF", funderIatiIdentifier: null, amount: 429022, currency: "USD", date: "2026-04-01", status: "paid" },
  }));
  const status = (await expect("funding status", 200, partner.GET("/api/v1/funding/appeals/{id}/funding-status", {
    params: { path: { id: appeal.id } },
  }))).data;
  check(status.funded === 429022 && status.requirement === 40000000, `429022 of 40000000 USD funded, got ${status.funded} of ${status.requirement}`);
  console.log(`The partner's flow ran through ${gateway}: coverage ${status.coveragePublished}.`);
}

main().catch((failure: unknown) => {
  console.error(failure instanceof Error ? failure.message : failure);
  process.exit(1);
});
