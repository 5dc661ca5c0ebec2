import { defineProvider } from '../provider.ts';
import { aliyunOptionsSchema } from './options.ts';
import { aliyunTransport } from './transport.ts';

export const aliyun = defineProvider({
  name: 'aliyun',
  summary: 'Alibaba Cloud DirectMail: the SingleSendMail API (signed RPC) or its SMTP endpoint',
  options: aliyunOptionsSchema,
  transport: (options) => aliyunTransport(options),
  templates: null,
});
