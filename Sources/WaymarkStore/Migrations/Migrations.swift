import FluentKit

/// Every migration, in order. One file per change; each has a working revert.
public enum WaymarkMigrations {
    public static var all: [any Migration] {
        [
            M001_CreateOrganisations(),
            M002_CreatePeople(),
            M003_CreateSignInState(),
            M004_CreatePortfolioStructure(),
            M005_CreateLifecycleStages(),
            M006_CreateProjects(),
            M007_CreateAuditEvents(),
            M008_CreateChangeCounters(),
            M009_CountPeopleInThePortfolio(),
            M010_OrderAuditEventsInTheDatabase(),
            M011_AuditEventsKeepKeys(),
            M012_AddExpectedOutcome(),
            M013_LogPortfolioChanges(),
            M014_CreateRisks(),
            M015_CountEscalatedRisks(),
            M016_CreateIssues(),
            M017_CreatePlans(),
            M018_CreateDependencies(),
            M019_CreateAssumptionsAndActions(),
            M020_CreateDecisions(),
            M021_KeepRiskCategories(),
            M022_CreateMeasures(),
            M023_CreateBenefits(),
            M024_CreateQualityImprovement(),
            M025_OrderMeasuresAndBenefitsByIndex(),
            M026_CreateGlossary(),
            M027_CreateLessons(),
            M028_IndexForSearch(),
            M029_CreateResourceLibrary(),
            M030_CreateCapability(),
            M031_CountSharedKnowledge(),
            M032_CoverReadableProjects(),
            M033_RememberPreferences(),
            M034_DescribeSessions(),
            M035_CountSearchDocuments(),
            M036_CountMeasuresAndBenefits(),
            M037_CreateStatusReporting(),
            M038_CountReporting(),
            M039_CoverRiskReviews(),
            M040_CreateGates(),
        ]
    }
}
