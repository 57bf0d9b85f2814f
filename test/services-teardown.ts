import { servicesTeardown } from './services-setup';

export default servicesTeardown;
