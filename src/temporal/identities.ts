/**
 * The identity the API's Temporal client reports to the server. A decision whose history event carries it came
 * through the console or the staff API, which audit it with the staff member's email.
 */
export const apiClientIdentity = 'certflow-api';
