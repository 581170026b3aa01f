export const PII_KINDS = ['CARD', 'IBAN', 'AADHAAR', 'EMAIL', 'PHONE', 'SSN', 'PAN', 'SWIFT'] as const;
export type PiiKind = (typeof PII_KINDS)[number];
