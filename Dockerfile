FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY data ./data
RUN npm ci --ignore-scripts && npm run build && npm prune --omit=dev
EXPOSE 6390
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["--bind", "0.0.0.0", "--protected-mode", "no"]
