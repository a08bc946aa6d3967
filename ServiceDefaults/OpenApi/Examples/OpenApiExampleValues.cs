namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Realistic values of the shared free-text fields by JSON name, for examples built from a schema;
/// a service's own values (<see cref="OpenApiExamples.AddValue"/>) come first, <see cref="FreeText"/> last.
/// </summary>
internal static class ExampleValues
{
    public const string FreeText = "Saisi par l'équipe de Tombouctou";

    public static readonly Dictionary<string, string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        // People, partners and clients.
        ["id"] = "amss",
        ["partners"] = "amss",
        ["name"] = "AMSS",
        ["displayName"] = "AMSS Timbuktu office",
        ["clientId"] = "amss-3f9c2a",
        ["client_id"] = "amss-3f9c2a",
        ["clientSecret"] = "s3cr3t-shown-once-9b1e7d",
        ["client_secret"] = "s3cr3t-shown-once-9b1e7d",
        ["grant_type"] = "client_credentials",
        ["token_type"] = "Bearer",
        ["access_token"] = "eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9…",
        ["error"] = "invalid_client",
        ["error_description"] = "The client credentials are not valid",
        ["caseWorker"] = "Mariam Coulibaly",
        ["changedBy"] = "amss",
        ["consentRecordedBy"] = "amss",
        ["enteredBy"] = "amss",
        ["lockedBy"] = "amss",
        ["recordedBy"] = "amss",
        ["resolvedBy"] = "amss",
        ["reviewedBy"] = "amss",
        ["subRecipientPartnerIds"] = "stop-sahel",
        ["phone"] = "+223 70000001",
        ["address"] = "Quartier Hamabangou, Tombouctou",

        // Places.
        ["communePcodes"] = "ML060201",
        ["place"] = "Tombouctou",
        ["region"] = "Tombouctou",
        ["month"] = "2026-10",

        // Programs, frameworks and activities.
        ["code"] = "PJ-TBK-2026",
        ["title"] = "Formation des relais communautaires",
        ["titleFr"] = "Accès à la justice pour les femmes de Tombouctou",
        ["titleEn"] = "Access to justice for women in Timbuktu",
        ["descriptionFr"] = "Aide juridique, médiation et accompagnement des survivantes dans la région de Tombouctou.",
        ["descriptionEn"] = "Legal aid, mediation and support for survivors in the Timbuktu region.",
        ["label"] = "T1 2026",
        ["comment"] = "Chiffre validé par le comité de suivi de Tombouctou.",
        ["text"] = "Les comités locaux se réunissent chaque mois.",
        ["resultCode"] = "R1.1",
        ["sector"] = "15130",
        ["sectorCodes"] = "15130",
        ["funderIds"] = "XM-DAC-41146",
        ["reportingOrgRef"] = "XM-DAC-41146",
        ["iatiIdentifier"] = "XM-DAC-41146",

        // Counts that may read "<5" once small cells are suppressed.
        ["count"] = "42",
        ["total"] = "250",
        ["actual"] = "42",
        ["cumulativeActual"] = "120",
        ["aggregateReach"] = "128",
        ["distinctPeople"] = "250",
        ["groupMembers"] = "36",
        ["people"] = "64",
        ["female"] = "38",
        ["male"] = "26",
        ["otherSex"] = "<5",
        ["outcomesWithoutProgram"] = "<5",
        ["coveragePublished"] = "65.2",
        ["gapPublished"] = "34.8",

        // Grievances.
        ["narrative"] = "Récit recueilli lors de l'entretien initial, avec le consentement de la survivante.",
        ["note"] = "Risque imminent signalé par l'assistante sociale.",
        ["externalBodyName"] = "Tribunal de grande instance de Tombouctou",
        ["survivorCode"] = "SRV-4M7Q2K",
        ["activeKey"] = "grievances-2026-11",
        ["keyId"] = "grievances-2026-11",

        // Funding.
        ["costCategory"] = "Personnel",
        ["funderName"] = "ONU Femmes",
        ["funderIatiIdentifier"] = "XM-DAC-41146",
        ["providerName"] = "ONU Femmes",
        ["providerIatiIdentifier"] = "XM-DAC-41146",
        ["receiverName"] = "AMSS",
        ["receiverIatiIdentifier"] = "XM-DAC-41146",
        ["reason"] = "Dépense d'un autre bailleur, saisie par erreur",
        ["dismissalReason"] = "Dépense d'un autre bailleur, saisie par erreur",
        ["source"] = "BCEAO, cours du jour",
        ["key"] = "BL-01",

        // Imports, audit and operations.
        ["field"] = "birthDate",
        ["message"] = "must be a date (YYYY-MM-DD).",
        ["resource"] = "beneficiary",
        ["resourceId"] = "0193a5c8-4d2e-7b61-9f1a-2c3d4e5f6a7b",
        ["action"] = "update",
        ["correlationId"] = "tbk-2026-11-25-0001",
        ["queue"] = "activities_beneficiary-registered_error",
        ["sourceQueue"] = "activities_beneficiary-registered",
        ["messageType"] = "BeneficiaryRegistered",
        ["lastError"] = "The broker could not be reached: connection refused.",
        ["value"] = "female",
        ["dimensionValue"] = "female",
        ["en"] = "Female",
        ["fr"] = "Femme",
        ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        ["detail"] = "Each bad field is named in errors.",
        ["instance"] = "/api/v1/beneficiaries/0193a5c8-4d2e-7b61-9f1a-2c3d4e5f6a7b",
        ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ["scope"] = "beneficiaries.read beneficiaries.write",
    };
}
